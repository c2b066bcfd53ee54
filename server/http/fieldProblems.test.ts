import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldProblems, type ValidationIssue } from "./fieldProblems.js";

/** Issues as fastify-type-provider-zod hands them to the error handler. */
function issuesOf(schema: z.ZodType, value: unknown): ValidationIssue[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected a failure");
  return result.error.issues.map(({ code, path, message, ...params }) => ({
    keyword: code,
    instancePath: `/${path.join("/")}`,
    message,
    params,
  }));
}

describe("field problems of a rejected request", () => {
  const schema = z.strictObject({
    nom: z.string().min(2).max(5),
    age: z.number().int(),
    canal: z.enum(["mail", "telephone"]),
    id: z.uuid(),
    quand: z.iso.datetime(),
    pieces: z.array(z.string()).min(1),
    contact: z.object({ email: z.email() }),
  });

  it("reports every field, in order, each with a French and English message", () => {
    const problems = fieldProblems(
      issuesOf(schema, {
        nom: "X",
        age: "douze",
        canal: "fax",
        id: "1",
        quand: "hier",
        pieces: [],
        contact: { email: "nope" },
        extra: true,
      }),
    );
    expect(problems).toEqual([
      {
        field: "nom",
        message: { fr: "trop court : au moins 2 caractères", en: "too short: at least 2 characters" },
      },
      { field: "age", message: { fr: "doit être un nombre", en: "must be a number" } },
      {
        field: "canal",
        message: {
          fr: 'valeur hors de la liste permise ("mail", "telephone")',
          en: 'value not in the allowed list ("mail", "telephone")',
        },
      },
      {
        field: "id",
        message: {
          fr: "format invalide (attendu : un identifiant UUID)",
          en: "bad format (expected: a UUID)",
        },
      },
      {
        field: "quand",
        message: {
          fr: "format invalide (attendu : une date et heure ISO 8601 (2026-03-02T09:00:00Z))",
          en: "bad format (expected: an ISO 8601 date-time)",
        },
      },
      { field: "pieces", message: { fr: "ne doit pas être vide", en: "must not be empty" } },
      {
        field: "contact.email",
        message: {
          fr: "format invalide (attendu : une adresse électronique)",
          en: "bad format (expected: an e-mail address)",
        },
      },
      { field: "extra", message: { fr: "champ inconnu", en: "unknown field" } },
    ]);
  });

  it("tells a missing field from a wrong type, and a text too long", () => {
    expect(fieldProblems(issuesOf(schema.pick({ nom: true }), {}))).toEqual([
      { field: "nom", message: { fr: "champ obligatoire", en: "required field" } },
    ]);
    expect(fieldProblems(issuesOf(schema.pick({ nom: true }), { nom: "Kouassi" }))[0]!.message).toEqual({
      fr: "trop long : au plus 5 caractères",
      en: "too long: at most 5 characters",
    });
  });

  it("names the allowed values of a discriminated union's tag", () => {
    const action = z.discriminatedUnion("type", [
      z.object({ type: z.literal("comment") }),
      z.object({ type: z.literal("cancel") }),
    ]);
    expect(fieldProblems(issuesOf(action, { type: "dance" }))).toEqual([
      {
        field: "type",
        message: {
          fr: 'valeur hors de la liste permise ("comment", "cancel")',
          en: 'value not in the allowed list ("comment", "cancel")',
        },
      },
    ]);
  });
});
