import { type LocalizedMessage, message } from "../../engine/messages.js";
import type { FieldProblem } from "../../shared/api/problem.js";

/**
 * A schema validation issue as fastify-type-provider-zod reports it: zod's issue, its code in
 * `keyword`, its path in `instancePath` (`/data/nom`), its other details in `params`.
 */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

const TYPE_NAMES: Record<string, LocalizedMessage> = {
  string: message("un texte", "a text"),
  number: message("un nombre", "a number"),
  int: message("un nombre entier", "an integer"),
  boolean: message("vrai ou faux", "true or false"),
  object: message("un objet", "an object"),
  record: message("un objet", "an object"),
  array: message("une liste", "a list"),
  date: message("une date", "a date"),
};

const FORMAT_NAMES: Record<string, LocalizedMessage> = {
  uuid: message("un identifiant UUID", "a UUID"),
  email: message("une adresse électronique", "an e-mail address"),
  datetime: message("une date et heure ISO 8601 (2026-03-02T09:00:00Z)", "an ISO 8601 date-time"),
  date: message("une date AAAA-MM-JJ", "a YYYY-MM-DD date"),
  url: message("une adresse web", "a URL"),
};

function sizeWords(origin: unknown): LocalizedMessage {
  if (origin === "string") return message("caractères", "characters");
  if (origin === "array" || origin === "set") return message("éléments", "items");
  return message("", "");
}

const list = (values: unknown) =>
  Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(", ") : "";

/** A French and English sentence for one issue of the common kinds; zod's own English otherwise. */
export function issueMessage(issue: ValidationIssue): LocalizedMessage {
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case "invalid_type": {
      if (/received undefined/.test(issue.message ?? ""))
        return message("champ obligatoire", "required field");
      const expected = TYPE_NAMES[String(p.expected)] ?? message(String(p.expected), String(p.expected));
      return message(`doit être ${expected.fr}`, `must be ${expected.en}`);
    }
    case "too_small": {
      const unit = sizeWords(p.origin);
      if (unit.fr === "")
        return message(`doit valoir au moins ${p.minimum}`, `must be at least ${p.minimum}`);
      if (p.minimum === 1) return message("ne doit pas être vide", "must not be empty");
      return message(
        `trop court : au moins ${p.minimum} ${unit.fr}`,
        `too short: at least ${p.minimum} ${unit.en}`,
      );
    }
    case "too_big": {
      const unit = sizeWords(p.origin);
      if (unit.fr === "") return message(`doit valoir au plus ${p.maximum}`, `must be at most ${p.maximum}`);
      return message(
        `trop long : au plus ${p.maximum} ${unit.fr}`,
        `too long: at most ${p.maximum} ${unit.en}`,
      );
    }
    case "invalid_value":
      return message(
        `valeur hors de la liste permise (${list(p.values)})`,
        `value not in the allowed list (${list(p.values)})`,
      );
    case "invalid_union":
      if (Array.isArray(p.options)) {
        return message(
          `valeur hors de la liste permise (${list(p.options)})`,
          `value not in the allowed list (${list(p.options)})`,
        );
      }
      return message("aucune des formes permises", "matches none of the allowed shapes");
    case "invalid_format": {
      const format = FORMAT_NAMES[String(p.format)];
      if (format)
        return message(`format invalide (attendu : ${format.fr})`, `bad format (expected: ${format.en})`);
      return message("format invalide", "bad format");
    }
    case "unrecognized_keys":
      return message("champ inconnu", "unknown field");
    default:
      return message(`valeur invalide (${issue.message ?? issue.keyword})`, issue.message ?? "invalid value");
  }
}

/** `/data/0/nom` → `data.0.nom`; the request's root is an empty path. */
function dotted(instancePath: string): string {
  return instancePath.replace(/^\//, "").replaceAll("/", ".");
}

/** Every field a rejected request got wrong, in order; an unknown key is reported under its own name. */
export function fieldProblems(issues: ValidationIssue[]): FieldProblem[] {
  return issues.flatMap((issue) => {
    const base = dotted(issue.instancePath);
    if (issue.keyword === "unrecognized_keys" && Array.isArray(issue.params?.keys)) {
      return issue.params.keys.map((key) => ({
        field: base ? `${base}.${String(key)}` : String(key),
        message: issueMessage(issue),
      }));
    }
    return [{ field: base, message: issueMessage(issue) }];
  });
}
