import { createHash } from "node:crypto";
import { adoptDefinition } from "../../engine/definition/adopt.js";
import { message } from "../../engine/messages.js";
import { organisationChart } from "../../engine/organisation/schema.js";
import { canonicalJson } from "../audit/hashChain.js";
import { appendSecurityEvent } from "../audit/securityTrail.js";
import { newDefaultPassword } from "../auth/defaultPassword.js";
import { hashPassword } from "../auth/passwords.js";
import type { Db } from "../db/database.js";
import { listDefinitionsInForce } from "../db/queries/definitions.js";
import { insertVersion } from "../db/queries/definitionVersions.js";
import { insertOrganisation, organisationExists } from "../db/queries/organisations.js";
import { upsertRole, upsertUnit } from "../db/queries/orgChart.js";
import { insertUser } from "../db/queries/people.js";
import { listRoles } from "../db/queries/roles.js";
import { AppError } from "../errors.js";

/** What `logigramme organisation create` is given. */
export interface NewOrganisation {
  code: string;
  name: string;
  calendar: "CI" | "MA";
  /** The top unit, where the first administrator sits until the org chart is imported. */
  unit: { code: string; name: string };
  admin: { matricule: string; name: string; email: string | null };
  /** An organisation whose roles and procedures in force are copied as drafts. */
  copyFrom: string | null;
}

export interface CreatedOrganisation {
  code: string;
  adminPassword: string;
  rolesCopied: number;
  /** Ids of the drafts made from the other organisation's procedures. */
  drafts: string[];
}

// The same rules as an organisation chart file: one place says what a valid code or unit is.
const chartRules = organisationChart.pick({ organisation: true, name: true, calendar: true });

/**
 * Onboards an organisation without code: the organisation, its top unit, its first administrator
 * (a default password to replace at first sign-in) and, when asked, another organisation's roles
 * and procedures in force as drafts to edit and put in force once the org chart is imported
 * (by CSV, in the web app). One transaction, recorded in the new organisation's security trail.
 */
export async function createOrganisation(
  db: Db,
  input: NewOrganisation,
  now: Date,
): Promise<CreatedOrganisation> {
  const checked = chartRules.safeParse({
    organisation: input.code,
    name: input.name,
    calendar: input.calendar,
  });
  if (!checked.success) {
    throw new AppError(
      422,
      "invalid_organisation",
      message(
        `organisation refusée : ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join(" ; ")}`,
        `organisation refused: ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      ),
    );
  }
  const adminPassword = newDefaultPassword(input.admin);
  const passwordHash = await hashPassword(adminPassword);
  return db.transaction(async (tx) => {
    if (input.copyFrom !== null && !(await organisationExists(tx, input.copyFrom))) {
      throw new AppError(
        404,
        "not_found",
        message(
          `organisation « ${input.copyFrom} » introuvable`,
          `organisation "${input.copyFrom}" not found`,
        ),
      );
    }
    const created = await insertOrganisation(tx, {
      code: input.code,
      name: input.name,
      calendar: input.calendar,
      securityOfficerRole: null,
    });
    if (!created) {
      throw new AppError(
        409,
        "organisation_exists",
        message(
          `l'organisation « ${input.code} » existe déjà`,
          `organisation "${input.code}" already exists`,
        ),
      );
    }
    const unitId = await upsertUnit(tx, {
      organisation: input.code,
      code: input.unit.code,
      name: input.unit.name,
      kind: "direction",
      parentId: null,
      headRole: null,
    });
    const admin = await insertUser(tx, {
      organisation: input.code,
      matricule: input.admin.matricule,
      name: input.admin.name,
      email: input.admin.email,
      phone: null,
      unitId,
      active: true,
      passwordHash,
      mustChangePassword: true,
      isAdmin: true,
    });

    let rolesCopied = 0;
    const drafts: string[] = [];
    if (input.copyFrom !== null) {
      for (const role of await listRoles(tx, input.copyFrom)) {
        await upsertRole(tx, { organisation: input.code, code: role.code, title: role.title });
        rolesCopied++;
      }
      const adoption = { organisation: input.code, from: input.copyFrom, on: now.toISOString().slice(0, 10) };
      for (const def of await listDefinitionsInForce(tx, input.copyFrom)) {
        const draft = adoptDefinition(def, adoption);
        const hash = createHash("sha256").update(canonicalJson(draft)).digest("hex");
        await insertVersion(tx, draft, hash, "draft", now);
        drafts.push(draft.id);
      }
    }
    await appendSecurityEvent(
      tx,
      {
        organisation: input.code,
        type: "organisation_created",
        userId: admin.id,
        matricule: admin.matricule,
        actorUserId: null,
        ip: null,
        payload: {
          name: input.name,
          calendar: input.calendar,
          copyFrom: input.copyFrom,
          rolesCopied,
          drafts,
        },
      },
      now,
    );
    return { code: input.code, adminPassword, rolesCopied, drafts };
  });
}
