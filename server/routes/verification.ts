import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { formatDateTime } from "../../engine/documents/content.js";
import { message } from "../../engine/messages.js";
import { escapeMarkup } from "../../engine/text/escapeMarkup.js";
import { verificationQuery, verificationView } from "../../shared/api/documents.js";
import { commonProblems, problem } from "../../shared/api/problem.js";
import type { Db } from "../db/database.js";
import {
  findIssuedDocument,
  findIssuedDocumentsBySha256,
  type IssuedDocumentRow,
} from "../db/queries/issuedDocuments.js";
import { RateLimiter } from "../http/rateLimit.js";

const MAX_BYTES = 25 * 1024 * 1024;
/** Generous for a person checking documents by hand, far too few to enumerate codes. */
const CHECKS_PER_MINUTE = 30;

const present = (d: IssuedDocumentRow) => ({
  code: d.code,
  title: d.title,
  registryNumber: d.registryNumber,
  issuedAt: d.issuedAt.toISOString(),
  issuer: d.issuer,
  sha256: d.sha256,
});

/**
 * The public verification of official documents, with no account: `/verifier/<code>` (the page the
 * QR code opens) and `POST /api/verifications` (the bytes someone holds, compared by SHA-256 with
 * what was issued). Rate-limited per address.
 */
export async function verificationRoutes(app: FastifyInstance, db: Db, clock: () => Date) {
  const limiter = new RateLimiter(CHECKS_PER_MINUTE, 60_000, clock);

  await app.register(async (scope) => {
    // The file arrives as raw bytes, whatever type the browser gives it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: MAX_BYTES }, (_request, body, done) => {
      done(null, body);
    });
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.post(
      "/api/verifications",
      {
        schema: {
          tags: ["documents"],
          summary:
            "Vérifier un document officiel (public) : le fichier est-il celui qui a été émis ? / check an official document (public): is this file the one issued?",
          querystring: verificationQuery,
          response: { 200: verificationView, ...commonProblems, 429: problem },
        },
      },
      async (request) => {
        limiter.take(request.ip);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const sha256 = createHash("sha256").update(bytes).digest("hex");
        const byCode = request.query.code ? await findIssuedDocument(db, request.query.code) : null;
        if (request.query.code && !byCode) {
          return {
            authentic: false,
            document: null,
            message: message(
              "aucun document n'a été émis sous ce code",
              "no document was issued under this code",
            ),
          };
        }
        if (byCode) {
          const authentic = byCode.sha256 === sha256;
          return {
            authentic,
            document: present(byCode),
            message: authentic
              ? message(
                  "authentique : ce fichier est exactement celui qui a été émis sous ce code",
                  "authentic: this file is exactly the one issued under this code",
                )
              : message(
                  "NON AUTHENTIQUE : ce fichier n'est pas celui qui a été émis sous ce code (il a été modifié ou remplacé)",
                  "NOT AUTHENTIC: this file is not the one issued under this code (it was changed or replaced)",
                ),
          };
        }
        const [match] = await findIssuedDocumentsBySha256(db, sha256);
        return match
          ? {
              authentic: true,
              document: present(match),
              message: message(
                "authentique : ce fichier est exactement un document émis",
                "authentic: this file is exactly an issued document",
              ),
            }
          : {
              authentic: false,
              document: null,
              message: message(
                "NON AUTHENTIQUE : aucun document n'a été émis avec ce contenu",
                "NOT AUTHENTIC: no document was issued with this content",
              ),
            };
      },
    );
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/verifier/:code",
    { schema: { hide: true, params: z.object({ code: z.string().max(40) }) } },
    async (request, reply) => {
      limiter.take(request.ip);
      const code = request.params.code.trim().toUpperCase();
      const doc = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code)
        ? await findIssuedDocument(db, code)
        : null;
      return reply
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "no-referrer")
        .header(
          "content-security-policy",
          "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'",
        )
        .code(doc ? 200 : 404)
        .send(verificationPage(code, doc));
    },
  );
  api.get("/verifier/verifier.js", { schema: { hide: true } }, async (_request, reply) =>
    reply.header("content-type", "text/javascript; charset=utf-8").send(PAGE_SCRIPT),
  );
}

function verificationPage(code: string, doc: IssuedDocumentRow | null): string {
  const e = escapeMarkup;
  const details = doc
    ? `<dl>
  <dt>Document / <span lang="en">Document</span></dt><dd id="title">${e(doc.title)}</dd>
  <dt>N° d'enregistrement / <span lang="en">Registry number</span></dt><dd id="number">${e(doc.registryNumber)}</dd>
  <dt>Émis le / <span lang="en">Issued on</span></dt><dd id="date">${e(formatDateTime(doc.issuedAt.toISOString(), "fr", "UTC"))} UTC</dd>
  <dt>Émetteur / <span lang="en">Issuer</span></dt><dd id="issuer">${e(doc.issuer)}</dd>
  <dt>Code</dt><dd>${e(doc.code)}</dd>
  <dt>Empreinte SHA-256 / <span lang="en">SHA-256 fingerprint</span></dt><dd><code>${e(doc.sha256)}</code></dd>
</dl>
<form id="check" data-code="${e(doc.code)}">
  <label for="file">Choisissez le fichier PDF que vous avez reçu / <span lang="en">Choose the PDF file you received</span></label>
  <input id="file" name="file" type="file" accept="application/pdf">
  <button type="submit">Vérifier / <span lang="en">Check</span></button>
</form>
<p id="verdict" role="status" aria-live="polite"></p>`
    : `<p id="verdict" role="status">Aucun document n'a été émis sous le code « ${e(code)} ». / <span lang="en">No document was issued under code “${e(code)}”.</span></p>`;
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vérification d'un document officiel / Document verification</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
dt{font-weight:600;margin-top:.6rem}dd{margin:0}code{word-break:break-all;font-size:.85rem}
form{margin-top:1.5rem;display:grid;gap:.5rem}button{justify-self:start;padding:.4rem 1rem}
#verdict{margin-top:1rem;font-weight:600}.ok{color:#0b6b2f}.ko{color:#a11}
</style>
</head>
<body>
<main>
<h1>Vérification d'un document officiel <br><small lang="en">Official document verification</small></h1>
${details}
</main>
<script src="/verifier/verifier.js"></script>
</body>
</html>`;
}

/** Sends the chosen file's bytes to the API and shows the verdict, in French and English. */
const PAGE_SCRIPT = `"use strict";
const form = document.getElementById("check");
if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const verdict = document.getElementById("verdict");
    const file = document.getElementById("file").files[0];
    if (!file) { verdict.textContent = "Choisissez un fichier. / Choose a file."; return; }
    verdict.textContent = "Vérification… / Checking…";
    const res = await fetch("/api/verifications?code=" + encodeURIComponent(form.dataset.code), {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: await file.arrayBuffer(),
    });
    const body = await res.json();
    const text = body.message || (body.error && body.error.message);
    verdict.textContent = text ? text.fr + " / " + text.en : "Erreur / Error";
    verdict.className = body.authentic ? "ok" : "ko";
  });
}
`;
