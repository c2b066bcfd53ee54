// Weighs what the web app's first screen loads (its entry's JS and CSS and their static imports),
// gzip-compressed as the server sends it, and fails the build above the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 300 * 1024;
const dist = join(import.meta.dirname, "..", "web", "dist");
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));
const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry);
if (!entry) throw new Error("no entry in the Vite manifest");

const files = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit(entry[0]);

let total = 0;
const rows = [];
for (const file of files) {
  const bytes = readFileSync(join(dist, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  rows.push([file, bytes.length, gz]);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log("First screen of the web app (gzip):");
for (const [file, raw, gz] of rows)
  console.log(`  ${file.padEnd(40)} ${kb(raw).padStart(10)} → ${kb(gz).padStart(9)}`);
console.log(`  total ${kb(total)} of a ${kb(BUDGET)} budget`);
if (total > BUDGET) {
  console.error(`The first screen weighs ${kb(total)}, above the ${kb(BUDGET)} budget.`);
  process.exit(1);
}
