import { createHash } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { layoutProcedure, type ProcedureLayout } from "../../engine/diagram/layout.js";

/**
 * Laying out a logigramme (ELK) is the costly part of drawing it, and a stored version never
 * changes: layouts are kept in memory by the definition's content hash. Rendering the SVG from a
 * layout is string work, done on each request (a case's highlight differs from case to case).
 */
const MAX_LAYOUTS = 200;
const layouts = new Map<string, Promise<ProcedureLayout>>();

export function layoutOf(contentHash: string, def: ProcedureDefinition): Promise<ProcedureLayout> {
  const known = layouts.get(contentHash);
  if (known) return known;
  const laid = layoutProcedure(def);
  // Forget the oldest when full (Map keeps insertion order); a failed layout is not kept.
  if (layouts.size >= MAX_LAYOUTS) layouts.delete(layouts.keys().next().value!);
  layouts.set(contentHash, laid);
  laid.catch(() => layouts.delete(contentHash));
  return laid;
}

/** The drawings hold their styles inline and load nothing. */
export const DRAWING_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

/**
 * Sends a drawing with an ETag made of its content's hash: a client (or proxy) holding it already
 * gets a 304 and no body. `private`: drawings are only for signed-in users of the organisation.
 */
export function sendDrawing(request: FastifyRequest, reply: FastifyReply, body: string, mediaType: string) {
  const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`;
  reply.header("etag", etag).header("cache-control", "private, no-cache");
  // Opened on its own, a drawing is a document of its own: nothing in it may run or load.
  reply.header("content-security-policy", DRAWING_POLICY);
  const sent = request.headers["if-none-match"];
  if (sent?.split(",").some((tag) => tag.trim() === etag || tag.trim() === `W/${etag}`)) {
    return reply.code(304).send();
  }
  return reply.header("content-type", mediaType).send(body);
}
