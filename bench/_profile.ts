import pg from "pg";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
import { prepareDatabase } from "../server/bootstrap.js";
import { actOnCase } from "../server/commands/caseActor.js";
import { startCase } from "../server/commands/caseStarter.js";
import { inOperation } from "../server/context/operationContext.js";
import { findCase } from "../server/db/queries/cases.js";
import { findUserByMatricule, holdersOfRole } from "../server/db/queries/orgChart.js";
import { listCaseTasks } from "../server/db/queries/tasks.js";
import { createDatabase, dropDatabase } from "../server/db/serverAdmin.js";

const stats = new Map<string, { n: number; ms: number }>();
let on = false;
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (...args: any[]) {
  const text = typeof args[0] === "string" ? args[0] : args[0]?.text ?? "?";
  const t0 = performance.now();
  const r = orig.apply(this, args);
  if (on && r && typeof r.then === "function") {
    r.then(() => {
      const key = text.replace(/\s+/g, " ").slice(0, 90);
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++; s.ms += performance.now() - t0; stats.set(key, s);
      if (key.startsWith(" with updated") && s.n === 5) require("node:fs").writeFileSync("/tmp/cte.json", JSON.stringify({ text, values: args[1] ?? args[0]?.values }));
    }, () => {});
  }
  return r;
};
const SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const name = `prof_${Date.now()}`;
const url = await createDatabase(SERVER, name);
try {
  const database = await prepareDatabase({ kind: "postgres", url, poolSize: 4 });
  const db = database.db;
  const requester = (await findUserByMatricule(db, (await holdersOfRole(db, "douanes", "CB"))[0]!))!;
  const c = await inOperation(db, { organisation: "douanes", caller: { kind: "person", user: requester }, now: new Date() }, (ctx) =>
    startCase(ctx, { procedureId: "douanes-c-jonction-domaine", requester: { userId: requester.id } }));
  const people = new Map<string, string>();
  let total = 0; const N = Number(process.env.N ?? 300);
  for (let i = 0; i < N; i++) {
    if (i === 50) { on = true; total = 0; }
    const current = (await findCase(db, c.id))!;
    const task = (await listCaseTasks(db, c.id)).find((t) => t.status === "open")!;
    const key = `${task.roleCode}/${task.unitId}`;
    if (!people.has(key)) {
      const m = (await holdersOfRole(db, "douanes", task.roleCode ?? "", task.unitId))[0]!;
      people.set(key, (await findUserByMatricule(db, m))!.id);
    }
    const t0 = performance.now();
    await inOperation(db, { organisation: "douanes", caller: { kind: "person", user: { id: people.get(key)!, organisation: "douanes" } as any }, now: new Date() }, (ctx) =>
      actOnCase(ctx, { caseId: c.id, expectedVersion: current.version, action: { type: "complete", tokenId: task.tokenId, form: task.stepId === "verification-caracteristiques" ? { os_version: 7, ram_go: 8 } : {} } }));
    if (on) total += performance.now() - t0;
  }
  const measured = N - 50;
  console.log(`avg transition ${(total / measured).toFixed(2)} ms`);
  for (const [k, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${(s.ms / measured).toFixed(2)} ms/tr  n/tr=${(s.n / measured).toFixed(2)}  ${k}`);
  await database.close();
} finally { if (!process.env.KEEP) await dropDatabase(SERVER, name); else console.log(name); }
