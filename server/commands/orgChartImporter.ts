import { z } from "zod";
import { type LocalizedMessage, message } from "../../engine/messages.js";
import { code as codeSchema, unitKind } from "../../shared/api/orgChart.js";
import {
  type CsvProblem,
  type OrgChartCsvKind,
  UNIT_COLUMNS,
  USER_COLUMNS,
} from "../../shared/api/orgChartCsv.js";
import type { Db } from "../db/database.js";
import { listUnits, type UnitRow, type UserRow, upsertUnit } from "../db/queries/orgChart.js";
import { insertUser, listUsersOf, replaceMemberships, updateUser } from "../db/queries/people.js";
import { listRoles } from "../db/queries/roles.js";
import { deleteSessionsOf } from "../db/queries/sessions.js";
import { updateUnit } from "../db/queries/units.js";
import { parseOffThread } from "../imports/parsingPool.js";
import type { CsvRecord } from "../orgChart/csvRecords.js";
import { type AdminContext, adminChange } from "./adminChange.js";

export type ImportOutcome =
  | { ok: true; kind: OrgChartCsvKind; created: number; updated: number }
  | { ok: false; problems: CsvProblem[] };

/**
 * Imports units or users from CSV (formats in `shared/api/orgChartCsv.ts`). Every line is checked
 * first and every problem reported with its line; if there is any, nothing is written. Otherwise
 * the whole file is applied in one transaction, recorded as one event of the security trail.
 */
export async function importOrgChart(
  db: Db,
  ctx: AdminContext,
  kind: OrgChartCsvKind,
  text: string,
): Promise<ImportOutcome> {
  const { result: read } = await parseOffThread({
    kind: "csv",
    text,
    columns: kind === "units" ? UNIT_COLUMNS : USER_COLUMNS,
  });
  if (read.problems.length > 0 && read.records.length === 0) return { ok: false, problems: read.problems };
  let outcome: ImportOutcome = { ok: false, problems: [] };
  await db.transaction(async (tx) => {
    const checked =
      kind === "units" ? await checkUnits(tx, ctx, read.records) : await checkUsers(tx, ctx, read.records);
    const problems = [...read.problems, ...checked.problems].sort((a, b) => a.line - b.line);
    if (problems.length > 0) {
      outcome = { ok: false, problems };
      return;
    }
    outcome = await adminChange(
      tx,
      ctx,
      (inner) => checked.apply(inner),
      (counts) => ({
        type: "org_chart_imported",
        payload: { kind, lines: read.records.length, ...counts },
      }),
    ).then((counts) => ({ ok: true as const, kind, ...counts }));
  });
  return outcome;
}

interface Checked {
  problems: CsvProblem[];
  apply: (tx: Db) => Promise<{ created: number; updated: number }>;
}

const problem = (line: number, column: string | null, msg: LocalizedMessage): CsvProblem => ({
  line,
  column,
  message: msg,
});

function checkCode(value: string): boolean {
  return codeSchema.safeParse(value).success;
}

async function checkUnits(tx: Db, ctx: AdminContext, records: CsvRecord[]): Promise<Checked> {
  const organisation = ctx.admin.organisation;
  const existing = new Map((await listUnits(tx, organisation)).map((u) => [u.code, u]));
  const roles = new Set((await listRoles(tx, organisation)).map((r) => r.code));
  const problems: CsvProblem[] = [];
  const inFile = new Map<string, CsvRecord>();

  for (const r of records) {
    const v = r.values;
    if (!checkCode(v.code ?? "")) {
      problems.push(
        problem(r.line, "code", message(`code invalide « ${v.code} »`, `invalid code "${v.code}"`)),
      );
    } else if (inFile.has(v.code!)) {
      problems.push(
        problem(
          r.line,
          "code",
          message(
            `l'unité « ${v.code} » figure déjà ligne ${inFile.get(v.code!)!.line}`,
            `unit "${v.code}" already appears on line ${inFile.get(v.code!)!.line}`,
          ),
        ),
      );
    } else {
      inFile.set(v.code!, r);
    }
    if (!v.name) problems.push(problem(r.line, "name", message("nom manquant", "missing name")));
    if (!unitKind.safeParse(v.kind).success) {
      problems.push(
        problem(
          r.line,
          "kind",
          message(
            `type d'unité inconnu « ${v.kind} » ; attendus : ${unitKind.options.join(", ")}`,
            `unknown unit kind "${v.kind}"; expected: ${unitKind.options.join(", ")}`,
          ),
        ),
      );
    }
    if (v.head_role && !roles.has(v.head_role)) {
      problems.push(
        problem(
          r.line,
          "head_role",
          message(`rôle inconnu « ${v.head_role} »`, `unknown role "${v.head_role}"`),
        ),
      );
    }
  }
  // Parents may be defined further down the file; the tree the file leads to must have no loop.
  const parentOf = new Map<string, string | null>();
  for (const [code, u] of existing) {
    parentOf.set(
      code,
      u.parentId ? ([...existing.values()].find((p) => p.id === u.parentId)?.code ?? null) : null,
    );
  }
  for (const [code, r] of inFile) parentOf.set(code, r.values.parent_code || null);
  for (const [code, r] of inFile) {
    const parent = r.values.parent_code;
    if (!parent) continue;
    if (!parentOf.has(parent)) {
      problems.push(
        problem(
          r.line,
          "parent_code",
          message(`unité parente inconnue « ${parent} »`, `unknown parent unit "${parent}"`),
        ),
      );
      continue;
    }
    const seen = new Set<string>([code]);
    for (let at: string | null | undefined = parent; at; at = parentOf.get(at)) {
      if (seen.has(at)) {
        problems.push(
          problem(
            r.line,
            "parent_code",
            message(
              `« ${code} » se retrouverait sous elle-même (boucle par « ${at} »)`,
              `"${code}" would end up under itself (loop through "${at}")`,
            ),
          ),
        );
        break;
      }
      seen.add(at);
    }
  }

  return {
    problems,
    apply: async (db) => {
      let created = 0;
      const ids = new Map([...existing].map(([code, u]) => [code, u.id]));
      for (const [code, r] of inFile) {
        const before: UnitRow | undefined = existing.get(code);
        if (!before) created++;
        const id = await upsertUnit(db, {
          organisation,
          code,
          name: r.values.name!,
          kind: r.values.kind!,
          // Parents are set once every unit of the file exists.
          parentId: before?.parentId ?? null,
          headRole: r.values.head_role || null,
        });
        ids.set(code, id);
      }
      for (const [code, r] of inFile) {
        const parent = r.values.parent_code;
        await updateUnit(db, ids.get(code)!, { parentId: parent ? ids.get(parent)! : null });
      }
      return { created, updated: inFile.size - created };
    },
  };
}

const ACTIVE: Record<string, boolean> = {
  "": true,
  true: true,
  oui: true,
  "1": true,
  false: false,
  non: false,
  "0": false,
};
const email = z.email();

async function checkUsers(tx: Db, ctx: AdminContext, records: CsvRecord[]): Promise<Checked> {
  const organisation = ctx.admin.organisation;
  const units = new Map((await listUnits(tx, organisation)).map((u) => [u.code, u]));
  const roles = new Set((await listRoles(tx, organisation)).map((r) => r.code));
  const existing = new Map((await listUsersOf(tx, organisation)).map((u) => [u.matricule, u]));
  const problems: CsvProblem[] = [];
  const inFile = new Map<
    string,
    { record: CsvRecord; unitId: string; active: boolean; held: Array<{ roleCode: string; unitId: string }> }
  >();

  for (const r of records) {
    const v = r.values;
    const matricule = v.matricule ?? "";
    let ok = true;
    const fail = (column: string, msg: LocalizedMessage) => {
      problems.push(problem(r.line, column, msg));
      ok = false;
    };
    if (!checkCode(matricule))
      fail("matricule", message(`matricule invalide « ${matricule} »`, `invalid matricule "${matricule}"`));
    else if (inFile.has(matricule)) {
      fail(
        "matricule",
        message(
          `le matricule ${matricule} figure déjà ligne ${inFile.get(matricule)!.record.line}`,
          `matricule ${matricule} already appears on line ${inFile.get(matricule)!.record.line}`,
        ),
      );
    }
    if (!v.name) fail("name", message("nom manquant", "missing name"));
    if (v.email && !email.safeParse(v.email).success) {
      fail(
        "email",
        message(`adresse électronique invalide « ${v.email} »`, `invalid e-mail address "${v.email}"`),
      );
    }
    if ((v.phone ?? "").length > 40) fail("phone", message("téléphone trop long", "phone number too long"));
    const unit = units.get(v.unit_code ?? "");
    if (!unit)
      fail("unit_code", message(`unité inconnue « ${v.unit_code} »`, `unknown unit "${v.unit_code}"`));
    const active = ACTIVE[(v.active ?? "").toLowerCase()];
    if (active === undefined) {
      fail(
        "active",
        message(`« ${v.active} » : attendu true ou false`, `"${v.active}": expected true or false`),
      );
    }
    const held: Array<{ roleCode: string; unitId: string }> = [];
    for (const entry of (v.roles ?? "")
      .split(";")
      .map((x) => x.trim())
      .filter(Boolean)) {
      const [roleCode, unitCode] = entry.split("@") as [string, string | undefined];
      if (!roles.has(roleCode)) {
        fail("roles", message(`rôle inconnu « ${roleCode} »`, `unknown role "${roleCode}"`));
        continue;
      }
      const roleUnit = unitCode === undefined ? unit : units.get(unitCode);
      if (unitCode !== undefined && !roleUnit) {
        fail(
          "roles",
          message(
            `unité inconnue « ${unitCode} » pour le rôle ${roleCode}`,
            `unknown unit "${unitCode}" for role ${roleCode}`,
          ),
        );
        continue;
      }
      if (roleUnit && !held.some((h) => h.roleCode === roleCode && h.unitId === roleUnit.id)) {
        held.push({ roleCode, unitId: roleUnit.id });
      }
    }
    if (ok && unit && active !== undefined)
      inFile.set(matricule, { record: r, unitId: unit.id, active, held });
  }

  return {
    problems,
    apply: async (db) => {
      let created = 0;
      for (const [matricule, { record, unitId, active, held }] of inFile) {
        const v = record.values;
        const fields = { name: v.name!, email: v.email || null, phone: v.phone || null, unitId, active };
        const before: UserRow | undefined = existing.get(matricule);
        let userId: string;
        if (before) {
          userId = (await updateUser(db, before.id, fields)).id;
          if (before.active && !active) await deleteSessionsOf(db, before.id);
        } else {
          created++;
          userId = (
            await insertUser(db, {
              organisation,
              matricule,
              ...fields,
              passwordHash: null,
              mustChangePassword: true,
            })
          ).id;
        }
        await replaceMemberships(db, userId, held);
      }
      return { created, updated: inFile.size - created };
    },
  };
}
