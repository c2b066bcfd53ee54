import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { message } from "../../engine/messages.js";
import { AppError } from "../errors.js";
import type { ParsingJob, ParsingResult, ResultOf } from "./parsingJobs.js";

/**
 * A small pool of worker threads that parse the files callers send (procedure YAML, BPMN, CSV).
 * Parsing a hostile file may take seconds even within the limits (a 1 MB YAML file of 60,000 keys
 * takes about one); on the request's event loop every other request would wait that long. Here
 * only the import waits, and a job that runs past its time is stopped with its worker.
 */
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism() - 1));
const TIME_LIMIT_MS = 15_000;

interface Pending {
  job: ParsingJob;
  resolve: (result: ParsingResult) => void;
  reject: (error: unknown) => void;
}

type WorkerAnswer = { ok: true; result: ParsingResult } | { ok: false; error: string };

const tooComplex = () =>
  new AppError(
    422,
    "file_too_complex",
    message(
      "le fichier est trop complexe pour être lu : simplifiez-le ou découpez-le",
      "the file is too complex to read: simplify or split it",
    ),
  );

/**
 * The worker's file: JavaScript once built; TypeScript under tsx and the tests, where the worker
 * first registers tsx's loader itself (Node 20 does not run `--import` hooks in a worker).
 */
function spawnWorker(): Worker {
  const worker = import.meta.url.endsWith(".ts")
    ? new Worker(new URL(`data:text/javascript,${encodeURIComponent(tsxBootstrap())}`))
    : new Worker(new URL("./parsingWorker.js", import.meta.url));
  // An idle worker must not keep the process (a CLI run, a test) alive.
  worker.unref();
  return worker;
}

function tsxBootstrap(): string {
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const source = new URL("./parsingWorker.ts", import.meta.url).href;
  return `import { register } from ${JSON.stringify(pathToFileURL(api).href)};
register();
await import(${JSON.stringify(source)});`;
}

const idle: Worker[] = [];
let running = 0;
const queue: Pending[] = [];

function next(): void {
  if (queue.length === 0 || running >= POOL_SIZE) return;
  const pending = queue.shift()!;
  running++;
  const worker = idle.pop() ?? spawnWorker();
  // A busy worker keeps the process alive until it answers (a CLI run waits for it).
  worker.ref();
  const finish = (keep: boolean, outcome: () => void) => {
    clearTimeout(timer);
    // Only our own listeners: the Worker keeps internal ones of its own.
    worker.off("message", onMessage).off("error", onCrash).off("exit", onCrash);
    if (keep) {
      worker.unref();
      idle.push(worker);
    } else void worker.terminate();
    running--;
    outcome();
    next();
  };
  const onMessage = (answer: WorkerAnswer) =>
    finish(true, () => (answer.ok ? pending.resolve(answer.result) : pending.reject(tooComplex())));
  // A crash (the stack or the heap exhausted by the file) is the file's fault, not the server's.
  const onCrash = () => finish(false, () => pending.reject(tooComplex()));
  const timer = setTimeout(onCrash, TIME_LIMIT_MS);
  timer.unref();
  worker.on("message", onMessage).on("error", onCrash).on("exit", onCrash);
  worker.postMessage(pending.job);
}

/** Parses off the event loop. A file the worker cannot read in time answers 422 file_too_complex. */
export function parseOffThread<J extends ParsingJob>(job: J): Promise<ResultOf<J["kind"]>> {
  return new Promise((resolve, reject) => {
    queue.push({ job, resolve: resolve as (r: ParsingResult) => void, reject });
    next();
  });
}
