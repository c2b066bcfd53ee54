import { parentPort } from "node:worker_threads";
import { importBpmn } from "../../engine/bpmn/import.js";
import { parseDefinition } from "../../engine/definition/parse.js";
import { readCsv } from "../orgChart/csvRecords.js";
import type { ParsingJob, ParsingResult } from "./parsingJobs.js";

/** Runs one parsing job at a time for the pool (parsingPool.ts), off the server's event loop. */
async function run(job: ParsingJob): Promise<ParsingResult> {
  switch (job.kind) {
    case "definition": {
      const parsed = parseDefinition(job.file, job.text);
      return parsed.ok
        ? { kind: "definition", ok: true, definition: parsed.definition, positions: parsed.positions }
        : { kind: "definition", ok: false, problems: parsed.problems };
    }
    case "bpmn":
      return { kind: "bpmn", result: await importBpmn(job.xml, job.options) };
    case "csv":
      return { kind: "csv", result: readCsv(job.text, job.columns) };
  }
}

parentPort?.on("message", (job: ParsingJob) => {
  run(job).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: String(error) }),
  );
});
