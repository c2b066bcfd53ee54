import { z } from "zod";

/**
 * The register format: one YAML file per register under `procedures/<organisation>/registers/`.
 * A register (the mail book, the equipment inventory, the stock, the visit log…) is declared as
 * data: its fields, numbering, states, who reads and writes it, its classification and retention
 * (the ministry manual's §6 « Gestion des enregistrements ») and its list. Adding a register is a
 * YAML file, not code. This schema validates the files, types them and is exported as JSON Schema.
 */

const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "un identifiant s'écrit en minuscules, chiffres, « - » ou « _ »");

/** A role code, or `ROLE@UNIT` for the role held in one unit only. */
const roleRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_+-]*(@[A-Za-z0-9][A-Za-z0-9_+-]*)?$/, "un rôle s'écrit CODE ou CODE@UNITÉ");

export const registerFieldType = z.enum([
  "text",
  "textarea",
  "number",
  "date",
  "datetime",
  "choice",
  /** A person of the organisation, by matricule. */
  "person",
  /** A unit of the organisation chart, by code. */
  "unit",
  /** A case, by registry number. */
  "case",
  /** An entry of another register (or of this one), by entry number. */
  "entry",
  /** A stock level: changed only by movements (in, out, adjustment), the level is their sum. */
  "quantity",
]);

export const registerField = z
  .strictObject({
    id: identifier,
    label: z.string().min(1),
    type: registerFieldType,
    required: z.boolean().default(false),
    unique: z.boolean().default(false).describe("No two entries of the register share a value"),
    options: z
      .array(z.strictObject({ value: z.string().min(1), label: z.string().min(1) }))
      .optional()
      .describe("The values of a choice field"),
    register: identifier.optional().describe("For an entry field: the register it points into"),
    threshold: z
      .number()
      .nonnegative()
      .optional()
      .describe("For a quantity: at or below this level, the stock managers are notified"),
    unit: z.string().optional().describe("Unit shown beside a number or quantity (pièces, Go…)"),
    help: z.string().optional(),
  })
  .refine((f) => f.type !== "choice" || (f.options?.length ?? 0) > 0, {
    message: "un champ « choice » a des options",
  })
  .refine((f) => f.type !== "entry" || f.register !== undefined, {
    message: "un champ « entry » nomme le registre auquel il renvoie (register)",
  })
  .refine((f) => f.threshold === undefined || f.type === "quantity", {
    message: "seul un champ « quantity » a un seuil (threshold)",
  });

export const registerState = z.strictObject({
  id: identifier,
  label: z.string().min(1),
});

export const retention = z.union([
  z.strictObject({ years: z.number().int().positive() }),
  z.strictObject({ months: z.number().int().positive() }),
  z.strictObject({ indefinite: z.literal(true) }),
]);

/** The columns of the ministry manual's §6 table, for one kind of record. */
export const classification = z.strictObject({
  identification: z.string().min(1).describe("How a record is identified (its reference)"),
  issuer: z.string().min(1).describe("Émetteur: the unit that produces the records"),
  access: z.string().min(1).describe("Accès: who may consult them, in the manual's words"),
  filing: z.string().min(1).describe("Classement: how they are filed (physical place, order)"),
  location: z.string().min(1).describe("Lieu géographique: where they are kept"),
  retention: retention.describe("Durée de conservation, counted from the entry's creation"),
  disposal: z
    .enum(["archive", "destroy"])
    .default("archive")
    .describe("What happens at the end of the retention period, once an archivist approves"),
});

/**
 * How a GLPI export (the CSV of a search list: « Parc > Ordinateurs » then « Exporter ») fills
 * the register: which GLPI column gives which field, how GLPI's values become the register's,
 * and which fields recognise a machine already in the register.
 */
export const glpiImport = z.strictObject({
  columns: z
    .record(identifier, z.array(z.string().min(1)).min(1))
    .describe("Field id (or state) → the GLPI column headers that give it, in French or English"),
  values: z
    .record(identifier, z.record(z.string(), z.string()))
    .default({})
    .describe("Field id (or state) → GLPI value → the register's value (a choice, a state)"),
  match: z
    .array(identifier)
    .min(1)
    .describe("Fields that identify a machine already in the register, in order (serial number, UUID)"),
});

export const registerDefinition = z
  .strictObject({
    id: identifier,
    organisation: identifier,
    title: z.string().min(1),
    description: z.string().optional(),
    numbering: z
      .string()
      .regex(/\{seq(:\d+)?\}/, "le format de numérotation doit contenir {seq} ou {seq:N}")
      .describe("Entry number format, e.g. MAT-{YYYY}-{seq:5} (numbered per year)"),
    fields: z.array(registerField).min(1),
    states: z
      .strictObject({
        initial: identifier,
        list: z.array(registerState).min(1),
        changes: z
          .array(z.strictObject({ from: identifier, to: identifier }))
          .default([])
          .describe("Allowed state changes; any other is refused"),
      })
      .optional(),
    access: z.strictObject({
      read: z.array(roleRef).min(1).describe("Roles that read the register (its writers read it too)"),
      write: z.array(roleRef).min(1).describe("Roles that create and edit entries directly"),
      stockManagers: z
        .array(roleRef)
        .optional()
        .describe("Roles told when a quantity falls to its threshold (defaults to the writers)"),
      archivists: z
        .array(roleRef)
        .optional()
        .describe("Roles that approve archiving or destroying entries past retention"),
    }),
    classification,
    list: z.strictObject({
      columns: z.array(identifier).min(1).describe("Field ids shown in the list, in order"),
      filters: z.array(identifier).default([]).describe("Field ids the list can be filtered on"),
    }),
    glpi: glpiImport.optional().describe("Import of a GLPI inventory export (CSV) into this register"),
  })
  .describe("Logigramme register definition");

export type RegisterDefinition = z.infer<typeof registerDefinition>;
export type RegisterField = z.infer<typeof registerField>;
export type RegisterFieldType = z.infer<typeof registerFieldType>;
export type Retention = z.infer<typeof retention>;
export type GlpiImport = z.infer<typeof glpiImport>;
