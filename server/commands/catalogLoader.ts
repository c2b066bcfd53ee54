import { createHash } from "node:crypto";
import type { Catalog } from "../../catalog/loadCatalog.js";
import { message } from "../../engine/messages.js";
import { flattenUnits } from "../../engine/organisation/schema.js";
import { canonicalJson } from "../audit/hashChain.js";
import { hashPassword } from "../auth/passwords.js";
import type { Db } from "../db/database.js";
import { setMissingPasswords } from "../db/queries/accounts.js";
import { findDefinitionHash, insertDefinition } from "../db/queries/definitions.js";
import { upsertOrganisation } from "../db/queries/organisations.js";
import { addMembership, upsertRole, upsertUnit, upsertUser } from "../db/queries/orgChart.js";
import { AppError } from "../errors.js";
import { loadRegistersIntoDatabase } from "./registerCatalogLoader.js";

/**
 * The demo accounts' first password (`DEMO_PASSWORD` changes it). It is a default password in the
 * manuals' sense: the first login must replace it.
 */
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD || "Bienvenue-2026";

/**
 * Loads a checked catalog: organisation charts are upserted, and each definition version is
 * stored once. A file whose content changed while keeping its version number is refused, since
 * running cases rely on the version they started with never changing.
 */
export async function loadCatalogIntoDatabase(
  db: Db,
  catalog: Catalog,
  demoPassword: string = DEMO_PASSWORD,
): Promise<{ added: number; kept: number }> {
  if (catalog.problems.length > 0) {
    throw new AppError(
      422,
      "invalid_catalog",
      message(
        `le catalogue contient ${catalog.problems.length} problème(s) : lancez « logigramme validate »`,
        `the catalog has ${catalog.problems.length} problem(s): run "logigramme validate"`,
      ),
    );
  }
  // One hash for every demo account: the password is the same and must be changed at first login.
  const demoPasswordHash = await hashPassword(demoPassword);
  return db.transaction(async (tx) => {
    for (const chart of catalog.organisations) {
      await upsertOrganisation(tx, {
        code: chart.organisation,
        name: chart.name,
        calendar: chart.calendar,
        securityOfficerRole: chart.securityOfficer ?? null,
      });
      for (const role of chart.roles) await upsertRole(tx, { organisation: chart.organisation, ...role });
      const unitIds = new Map<string, string>();
      for (const unit of flattenUnits(chart.units)) {
        const id = await upsertUnit(tx, {
          organisation: chart.organisation,
          code: unit.code,
          name: unit.name,
          kind: unit.kind,
          parentId: unit.parent ? unitIds.get(unit.parent)! : null,
          headRole: unit.head ?? null,
        });
        unitIds.set(unit.code, id);
      }
      for (const user of chart.users) {
        const unitId = unitIds.get(user.unit);
        if (!unitId) {
          throw new AppError(
            422,
            "invalid_catalog",
            message(
              `l'utilisateur ${user.matricule} appartient à l'unité inconnue « ${user.unit} »`,
              `user ${user.matricule} belongs to unknown unit "${user.unit}"`,
            ),
          );
        }
        const userId = await upsertUser(tx, {
          organisation: chart.organisation,
          matricule: user.matricule,
          name: user.name,
          email: user.email ?? null,
          phone: user.phone ?? null,
          unitId,
          isAdmin: user.admin ?? false,
        });
        for (const roleCode of user.roles) await addMembership(tx, { userId, roleCode, unitId });
      }
      await setMissingPasswords(
        tx,
        chart.organisation,
        chart.users.map((u) => u.matricule),
        demoPasswordHash,
      );
    }

    let added = 0;
    let kept = 0;
    for (const { definition, file } of catalog.definitions) {
      const hash = createHash("sha256").update(canonicalJson(definition)).digest("hex");
      const existing = await findDefinitionHash(tx, definition);
      if (existing === null) {
        await insertDefinition(tx, definition, hash);
        added++;
      } else if (existing !== hash) {
        throw new AppError(
          409,
          "definition_changed",
          message(
            `${file} : « ${definition.id} » version ${definition.version} a changé sans nouveau numéro de version`,
            `${file}: "${definition.id}" version ${definition.version} changed without a new version number`,
          ),
        );
      } else {
        kept++;
      }
    }
    await loadRegistersIntoDatabase(tx, catalog.registers ?? [], new Date());
    return { added, kept };
  });
}
