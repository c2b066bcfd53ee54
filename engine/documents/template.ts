import { z } from "zod";

/**
 * Official documents: the template files beside the procedures
 * (`procedures/<organisation>/documents/<id>.yaml`) and the organisation's letterhead
 * (`procedures/<organisation>/letterhead.yaml`). Pure: the catalog reads the files, the server draws.
 */

export const documentLanguage = z.enum(["fr", "en"]);
export type DocumentLanguage = z.infer<typeof documentLanguage>;

export const letterhead = z.strictObject({
  country: z.string().min(1).describe("« République de Côte d'Ivoire », « Royaume du Maroc »…"),
  motto: z.string().optional().describe("« Union — Discipline — Travail »…"),
  ministry: z.string().optional(),
  direction: z.string().optional(),
  service: z.string().optional(),
  city: z.string().optional().describe("Where documents are signed: « Fait à Abidjan, le … »"),
  logo: z
    .string()
    .regex(/^[A-Za-z0-9_-]+\.(png|jpe?g)$/, "le logo est un fichier PNG ou JPEG à côté de letterhead.yaml")
    .optional(),
});
export type Letterhead = z.infer<typeof letterhead>;

const text = z.string().min(1);

export const templateBlock = z.union([
  z.strictObject({ heading: text }),
  z.strictObject({ paragraph: text }),
  z.strictObject({
    fields: z.array(z.strictObject({ label: text, value: text })).min(1),
  }),
]);
export type TemplateBlock = z.infer<typeof templateBlock>;

export const documentTemplate = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  language: documentLanguage.default("fr"),
  title: text,
  blocks: z.array(templateBlock).min(1),
  signatures: z
    .array(z.strictObject({ actor: z.string().min(1), label: text.optional() }))
    .default([])
    .describe("Signature blocks: the person who acted as this actor on the case, with the actor's title"),
});
export type DocumentTemplate = z.infer<typeof documentTemplate>;

/** `{{case.registryNumber}}`, `{{data.quantite}}`, `{{step.configuration.by}}`… */
const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.-]+)\s*\}\}/g;

export function placeholders(value: string): string[] {
  return [...value.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The placeholders every template may use besides `data.<field>` and `step.<step>.by|at`. */
export const CASE_PLACEHOLDERS = [
  "case.registryNumber",
  "case.title",
  "case.requester",
  "case.startedAt",
  "case.procedure",
  "issuedAt",
  "organisation",
] as const;

/** Every string of a template that may hold placeholders. */
export function templateTexts(template: DocumentTemplate): string[] {
  return [
    template.title,
    ...template.blocks.flatMap((b) =>
      "heading" in b
        ? [b.heading]
        : "paragraph" in b
          ? [b.paragraph]
          : b.fields.flatMap((f) => [f.label, f.value]),
    ),
    ...template.signatures.flatMap((s) => (s.label ? [s.label] : [])),
  ];
}

/** Fills placeholders from already formatted values; an unknown one is left visible, never guessed. */
export function fill(value: string, values: Record<string, string>): string {
  return value.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
