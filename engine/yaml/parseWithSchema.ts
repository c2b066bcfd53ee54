import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import type { z } from "zod";
import type { DefinitionProblem } from "../definition/problems.js";
import { type LocalizedMessage, message } from "../messages.js";

export type Position = { line?: number; column?: number };
/** Where each node of a file starts, by its path (segments joined by NUL): data, so it crosses threads. */
export type Positions = Map<string, Position>;
export type Locate = (path: Array<string | number>) => Position;

export type Located<T> =
  | { ok: true; value: T; locate: Locate; positions: Positions }
  | { ok: false; problems: DefinitionProblem[] };

/**
 * What one YAML file may hold. The largest procedure of the catalog is about 16 kB and 2,000
 * nodes; these bounds leave ten times that and refuse what only an attack would send (a million
 * keys, an alias bomb, nesting that exhausts the stack).
 */
export const YAML_LIMITS = {
  maxChars: 1_000_000,
  maxNodes: 20_000,
  maxDepth: 40,
  maxAliases: 100,
} as const;

const pathKey = (path: ReadonlyArray<string | number>) => path.map(String).join("\u0000");

/** The position of the deepest node that exists along the path: a missing key is reported on its parent. */
export function locatorOf(positions: Positions): Locate {
  return (path) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const found = positions.get(pathKey(path.slice(0, depth)));
      if (found) return found;
    }
    return {};
  };
}

/**
 * Parses YAML text against a zod schema, reporting each problem with its file and line.
 * Pure: the caller reads the file. Bounded: the size, number of nodes, depth and aliases are
 * checked in one pass (the yaml package's own duplicate-key check is quadratic: 60,000 keys took
 * minutes), and going over a bound is a problem like any other, never an exception.
 */
export function parseWithSchema<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): Located<z.output<S>> {
  const limitProblem = (fr: string, en: string, offset?: number): Located<z.output<S>> => ({
    ok: false,
    problems: [{ code: "yaml_limits", path: [], file, ...at(offset), message: message(fr, en) }],
  });
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Position => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  if (text.length > YAML_LIMITS.maxChars) {
    return limitProblem(
      `fichier trop volumineux (plus de ${YAML_LIMITS.maxChars} caractères)`,
      `file too large (over ${YAML_LIMITS.maxChars} characters)`,
    );
  }
  let doc: Document;
  try {
    doc = parseDocument(text, {
      lineCounter,
      prettyErrors: false,
      uniqueKeys: false,
    });
  } catch {
    return limitProblem("YAML trop complexe pour être lu", "YAML too complex to read");
  }

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

  // One pass over the tree: bounds, duplicate keys, and where each node starts.
  const positions: Positions = new Map();
  let nodes = 0;
  let aliases = 0;
  let over: Located<z.output<S>> | null = null;
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (over) return;
    nodes++;
    const start = (node as Node | null)?.range?.[0];
    if (nodes > YAML_LIMITS.maxNodes) {
      over = limitProblem(
        `trop d'éléments (plus de ${YAML_LIMITS.maxNodes})`,
        `too many elements (over ${YAML_LIMITS.maxNodes})`,
        start,
      );
      return;
    }
    if (path.length > YAML_LIMITS.maxDepth) {
      over = limitProblem(
        `imbrication trop profonde (plus de ${YAML_LIMITS.maxDepth} niveaux)`,
        `nesting too deep (over ${YAML_LIMITS.maxDepth} levels)`,
        start,
      );
      return;
    }
    if (start !== undefined) positions.set(pathKey(path), at(start));
    if (isAlias(node) && ++aliases > YAML_LIMITS.maxAliases) {
      over = limitProblem(
        `trop d'alias (plus de ${YAML_LIMITS.maxAliases})`,
        `too many aliases (over ${YAML_LIMITS.maxAliases})`,
        start,
      );
    } else if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (seen.has(key)) {
          over = {
            ok: false,
            problems: [
              {
                code: "yaml_syntax",
                path,
                file,
                ...at((pair.key as Node | null)?.range?.[0]),
                message: message(`clé en double « ${key} »`, `duplicate key "${key}"`),
              },
            ],
          };
          return;
        }
        seen.add(key);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      for (const [i, item] of node.items.entries()) walk(item, [...path, i]);
    }
  };
  walk(doc.contents, []);
  if (over) return over;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliases });
  } catch {
    // An alias bomb: each alias is few bytes and expands to the whole node it names.
    return limitProblem(
      "les alias du fichier se développent en un document trop grand",
      "the file's aliases expand into a document too large",
    );
  }
  const locate = locatorOf(positions);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        return { code: "schema", path, file, ...locate(path), message: describeIssue(issue, path) };
      }),
    };
  }
  return { ok: true, value: parsed.data, locate, positions };
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
