import { stringify } from "csv-stringify/sync";
import { type OrgChartCsvKind, UNIT_COLUMNS, USER_COLUMNS } from "../../shared/api/orgChartCsv.js";
import type { Db } from "../db/database.js";
import { listUnits, type UnitRow } from "../db/queries/orgChart.js";
import { listUsersOf, membershipsOfUsers } from "../db/queries/people.js";
import { neutraliseRows } from "../exports/csvCells.js";

/** Writes the organisation's units or users as CSV, in the columns the import reads back. */
export async function exportOrgChart(db: Db, organisation: string, kind: OrgChartCsvKind): Promise<string> {
  const units = await listUnits(db, organisation);
  const codeOf = new Map(units.map((u) => [u.id, u.code]));
  if (kind === "units") {
    return stringify(
      neutraliseRows(
        treeOrder(units).map((u) => [
          u.code,
          u.name,
          u.kind,
          codeOf.get(u.parentId ?? "") ?? "",
          u.headRole ?? "",
        ]),
      ),
      { header: true, columns: [...UNIT_COLUMNS] },
    );
  }
  const people = await listUsersOf(db, organisation);
  const held = await membershipsOfUsers(
    db,
    people.map((u) => u.id),
  );
  return stringify(
    neutraliseRows(
      people.map((u) => [
        u.matricule,
        u.name,
        u.email ?? "",
        u.phone ?? "",
        codeOf.get(u.unitId ?? "") ?? "",
        held
          .filter((m) => m.userId === u.id)
          .map((m) => (m.unitId === u.unitId ? m.roleCode : `${m.roleCode}@${m.unitCode}`))
          .join(";"),
        u.active ? "true" : "false",
      ]),
    ),
    { header: true, columns: [...USER_COLUMNS] },
  );
}

/** Parents before their children, siblings by code: the file reads like the org chart. */
function treeOrder(units: UnitRow[]): UnitRow[] {
  const sorted = [...units].sort((a, b) => a.code.localeCompare(b.code));
  const ordered: UnitRow[] = [];
  const visit = (parentId: string | null) => {
    for (const u of sorted.filter((x) => x.parentId === parentId)) {
      ordered.push(u);
      visit(u.id);
    }
  };
  visit(null);
  return ordered;
}
