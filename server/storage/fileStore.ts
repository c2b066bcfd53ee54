import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Content-addressed storage of attachment bytes: a file is named by its SHA-256, so the same
 * document uploaded twice is stored once and any change to the bytes is detectable.
 */
export class FileStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Stores the bytes (once) and returns their SHA-256. Written to a temporary name, then renamed. */
  put(bytes: Buffer): string {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const path = this.pathOf(sha256);
    if (!existsSync(path)) {
      mkdirSync(join(path, ".."), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
      writeFileSync(temporary, bytes, { flag: "wx" });
      renameSync(temporary, path);
    }
    return sha256;
  }

  async get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }
}
