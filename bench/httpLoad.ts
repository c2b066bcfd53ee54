/**
 * The HTTP half of `npm run bench`, run in its own process so that the load tool does not share
 * the server's event loop: autocannon sends task completions (`POST /api/tasks/:id/actions`) with
 * each taker's session cookie and CSRF token, each connection looping on its own case. Reads the
 * plan from standard input, prints the result as one JSON line.
 */
import autocannon from "autocannon";

interface CaseCursor {
  caseId: string;
  version: number;
  taskId: string;
  stepId: string;
}

interface Plan {
  url: string;
  seconds: number;
  cases: CaseCursor[];
  /** The session of whoever takes each step of the loop. */
  sessions: Record<string, { cookie: string; csrfToken: string }>;
  forms: Record<string, Record<string, unknown>>;
}

interface CaseAnswer {
  version: number;
  tasks: Array<{ id: string; stepId: string; status: string }>;
}

async function readPlan(): Promise<Plan> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Plan;
}

const plan = await readPlan();
let refused = 0;

/**
 * One autocannon instance per case, one connection each: autocannon resets a connection's context
 * after each pass over its requests, so a case's cursor lives in this closure instead.
 */
function loop(start: CaseCursor) {
  let cursor = start;
  return autocannon({
    url: plan.url,
    connections: 1,
    duration: plan.seconds,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const session = plan.sessions[cursor.stepId];
          if (!session) throw new Error(`no session for step ${cursor.stepId}`);
          return {
            ...request,
            path: `/api/tasks/${cursor.taskId}/actions`,
            headers: {
              "content-type": "application/json",
              cookie: session.cookie,
              "x-csrf-token": session.csrfToken,
            },
            body: JSON.stringify({
              type: "complete",
              expectedVersion: cursor.version,
              form: plan.forms[cursor.stepId] ?? {},
            }),
          };
        },
        onResponse: (status, body) => {
          if (status !== 200) {
            refused++;
            return;
          }
          const answer = JSON.parse(body) as CaseAnswer;
          const open = answer.tasks.find((t) => t.status === "open");
          if (!open) throw new Error("the loop ended: no open task");
          cursor = { ...cursor, version: answer.version, taskId: open.id, stepId: open.stepId };
        },
      },
    ],
  });
}

const results = await Promise.all(plan.cases.map(loop));
const total = results.reduce((sum, r) => sum + r.requests.total, 0);
const middle = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

console.log(
  JSON.stringify({
    requests: total,
    perSecond: Math.round(total / plan.seconds),
    // Per-connection percentiles combined: the median of the medians, the worst of the tails.
    p50ms: middle(results.map((r) => r.latency.p50)),
    p97_5ms: Math.max(...results.map((r) => r.latency.p97_5)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    refused,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  }),
);
