import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The text of a PDF as Debian's poppler-utils extracts it (`apt-get install -y poppler-utils`):
 * what a reader copying from the document gets, whatever library wrote it.
 */
export function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "logigramme-pdf-"));
  try {
    const file = join(dir, "document.pdf");
    writeFileSync(file, bytes);
    const run = spawnSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text on one line: line breaks and every kind of space as one plain space, without the
 * embedding marks poppler puts around right-to-left runs.
 */
export function flatText(bytes: Buffer): string {
  return pdfText(bytes)
    .replace(/[\u200e\u200f\u202a-\u202e]/g, "")
    .replace(/[\s\u00a0\u202f]+/g, " ")
    .trim();
}

/** The number of pages, as poppler counts them. */
export function pdfPages(bytes: Buffer): number {
  return (pdfText(bytes).match(/\f/g) ?? []).length;
}

/** Each page as a PNG (`pdftoppm`), for the browser tests' artifacts. Returns the files written. */
export function pdfToPngs(bytes: Buffer, outDir: string, name: string, resolution = 80): string[] {
  const dir = mkdtempSync(join(tmpdir(), "logigramme-pdf-"));
  try {
    const file = join(dir, "document.pdf");
    writeFileSync(file, bytes);
    const run = spawnSync("pdftoppm", ["-png", "-r", String(resolution), file, join(outDir, name)], {
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`pdftoppm failed: ${run.stderr}`);
    return readdirSync(outDir)
      .filter((f) => f.startsWith(name) && f.endsWith(".png"))
      .map((f) => join(outDir, f));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
