import { readFileSync } from "node:fs";

/** One run of text as a PDF draws it: its characters, its page and its size in points. */
export interface PdfTextRun {
  text: string;
  page: number;
  size: number;
}

// pdf.js 6 calls Promise.withResolvers, which Node gained in version 22; CI also runs on Node 20.
function withResolversOnNode20(): void {
  const promise = Promise as unknown as { withResolvers?: () => unknown };
  if (promise.withResolvers) return;
  promise.withResolvers = () => {
    let resolve!: (value: unknown) => void;
    let reject!: (reason?: unknown) => void;
    const p = new Promise((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise: p, resolve, reject };
  };
}

/**
 * Every run of text of a PDF with the size it is printed at, read by pdf.js from the file itself:
 * the size is the length of the text matrix's first column (scale and rotation included), in
 * points since a PDF user unit is 1/72 inch.
 */
export async function pdfTextRuns(path: string): Promise<{ pages: number; runs: PdfTextRun[] }> {
  withResolversOnNode20();
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 });
  const doc = await task.promise;
  const runs: PdfTextRun[] = [];
  for (let number = 1; number <= doc.numPages; number++) {
    const page = await doc.getPage(number);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [a, b] = item.transform as number[];
      runs.push({ text: item.str.trim(), page: number, size: Math.hypot(a ?? 0, b ?? 0) });
    }
  }
  const pages = doc.numPages;
  await task.destroy();
  return { pages, runs };
}
