import { type Document, isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { DefinitionProblem } from "../definition/problems.js";
import { type LocalizedMessage, message } from "../messages.js";

export type Located<T> =
  | { ok: true; value: T; locate: (path: Array<string | number>) => { line?: number; column?: number } }
  | { ok: false; problems: DefinitionProblem[] };

/**
 * Parses YAML text against a zod schema, reporting each problem with its file and line.
 * Pure: the caller reads the file.
 */
export function parseWithSchema<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): Located<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        code: "yaml_syntax",
        path: [],
        file,
        ...at(e.pos[0]),
        message: message(`YAML invalide : ${e.message}`, `invalid YAML: ${e.message}`),
      })),
    };
  }

  const locate = (path: Array<string | number>) => {
    // The deepest node that exists along the path: a missing key is reported on its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return at(node.range[0]);
    }
    return {};
  };

  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        return { code: "schema", path, file, ...locate(path), message: describeIssue(issue, path) };
      }),
    };
  }
  return { ok: true, value: parsed.data, locate };
}

function describeIssue(issue: z.core.$ZodIssue, path: Array<string | number>): LocalizedMessage {
  const where = path.length > 0 ? path.join(".") : "(racine)";
  const whereEn = path.length > 0 ? path.join(".") : "(root)";
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) {
        return message(`${where} : champ obligatoire manquant`, `${whereEn}: required field is missing`);
      }
      return message(
        `${where} : type attendu ${issue.expected}`,
        `${whereEn}: expected type ${issue.expected}`,
      );
    case "unrecognized_keys":
      return message(
        `${where} : clé(s) inconnue(s) ${issue.keys.map((k) => `« ${k} »`).join(", ")}`,
        `${whereEn}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
      );
    case "invalid_value":
      return message(
        `${where} : valeur attendue parmi ${issue.values.map(String).join(", ")}`,
        `${whereEn}: expected one of ${issue.values.map(String).join(", ")}`,
      );
    case "invalid_union":
      return message(
        `${where} : forme non reconnue (voir le schéma des définitions)`,
        `${whereEn}: unrecognised shape (see the definition schema)`,
      );
    default:
      // Refinements carry a French message written in the schema.
      return message(`${where} : ${issue.message}`, `${whereEn}: ${issue.message}`);
  }
}
