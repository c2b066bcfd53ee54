import { createOrganisation } from "../../server/commands/organisationCreator.js";
import { databaseConfigFromEnv, openDatabase } from "../../server/db/database.js";
import { AppError } from "../../server/errors.js";

/** The options `logigramme organisation create` reads (see the usage in cli/main.ts). */
export interface OrganisationOptions {
  name?: string | undefined;
  calendar?: string | undefined;
  unit?: string | undefined;
  "unit-name"?: string | undefined;
  admin?: string | undefined;
  "admin-name"?: string | undefined;
  "admin-email"?: string | undefined;
  "copy-from"?: string | undefined;
}

/** `logigramme organisation create <code> …`: a new organisation, ready for its administrator. */
export async function organisationCommand(
  args: string[],
  options: OrganisationOptions,
  language: "fr" | "en",
): Promise<number> {
  const t = (fr: string, en: string) => (language === "fr" ? fr : en);
  const [action, code] = args;
  const missing = [
    ["--name", options.name],
    ["--admin", options.admin],
    ["--admin-name", options["admin-name"]],
  ].filter(([, value]) => !value);
  if (action !== "create" || !code || missing.length > 0) {
    console.error(
      t(
        "usage : logigramme organisation create <code> --name <nom> --admin <matricule> --admin-name <nom> [--calendar CI|MA] [--unit <code> --unit-name <nom>] [--admin-email <courriel>] [--copy-from <organisation>]",
        "usage: logigramme organisation create <code> --name <name> --admin <matricule> --admin-name <name> [--calendar CI|MA] [--unit <code> --unit-name <name>] [--admin-email <email>] [--copy-from <organisation>]",
      ),
    );
    if (missing.length > 0)
      console.error(t("manquant : ", "missing: ") + missing.map(([flag]) => flag).join(", "));
    return 2;
  }
  const calendar = options.calendar ?? "CI";
  if (calendar !== "CI" && calendar !== "MA") {
    console.error(
      t(`calendrier inconnu « ${calendar} » (CI ou MA)`, `unknown calendar "${calendar}" (CI or MA)`),
    );
    return 2;
  }
  const database = await openDatabase(databaseConfigFromEnv());
  try {
    await database.migrate();
    const created = await createOrganisation(
      database.db,
      {
        code,
        name: options.name!,
        calendar,
        unit: { code: options.unit ?? "DIR", name: options["unit-name"] ?? options.name! },
        admin: {
          matricule: options.admin!,
          name: options["admin-name"]!,
          email: options["admin-email"] ?? null,
        },
        copyFrom: options["copy-from"] ?? null,
      },
      new Date(),
    );
    console.log(
      t(
        `organisation « ${created.code} » créée ; administrateur ${options.admin}, mot de passe provisoire (à changer à la première connexion) : ${created.adminPassword}`,
        `organisation "${created.code}" created; administrator ${options.admin}, temporary password (to change at first sign-in): ${created.adminPassword}`,
      ),
    );
    if (options["copy-from"]) {
      console.log(
        t(
          `${created.rolesCopied} rôle(s) et ${created.drafts.length} procédure(s) repris de « ${options["copy-from"]} », en brouillon : importez l'organigramme (CSV) puis mettez-les en vigueur`,
          `${created.rolesCopied} role(s) and ${created.drafts.length} procedure(s) taken from "${options["copy-from"]}" as drafts: import the org chart (CSV), then put them in force`,
        ),
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(error.messages[language]);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}
