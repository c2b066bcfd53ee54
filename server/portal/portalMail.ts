import { z } from "zod";
import { findCase } from "../db/queries/cases.js";
import { findOrganisationName } from "../db/queries/issuedDocuments.js";
import { defineJob } from "../jobs/handler.js";
import { escapeHtml } from "../messages/emailTemplates.js";
import { mailContextFromEnv } from "../messages/mailContext.js";
import { emailCode } from "./emailCode.js";
import { portalKey, unseal } from "./portalKey.js";

/** The tracking page of an organisation, its code in the fragment (never sent to any server). */
export function trackingLink(
  baseUrl: string | null,
  organisation: string,
  code: string | null,
): string | null {
  if (!baseUrl) return null;
  const page = `${baseUrl.replace(/\/$/, "")}/portail/${encodeURIComponent(organisation)}/suivi`;
  return code ? `${page}#${code}` : page;
}

function bilingual(fr: string[], en: string[]): { text: string; html: string } {
  const text = `${fr.join("\n")}\n\n--\n\n${en.join("\n")}\n`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px">
${fr.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}
<hr><div lang="en">${en.map((l) => `<p>${escapeHtml(l)}</p>`).join("\n")}</div>
</body></html>`;
  return { text, html };
}

/**
 * The receipt of a submission: registry number and tracking code. The code reaches the job sealed
 * with the portal key and leaves it only in the e-mail.
 */
export const sendReceiptJob = defineJob({
  name: "portal.send-receipt",
  payload: z.strictObject({ caseId: z.uuid(), sealedCode: z.string() }),
  maxAttempts: 6,
  backoffSeconds: 60,
  async run({ tx, payload }) {
    const mail = mailContextFromEnv();
    if (!mail) return;
    const row = await findCase(tx, payload.caseId);
    const email = row?.externalRequester?.email;
    if (!row || !email) return;
    const code = unseal(await portalKey(tx), payload.sealedCode);
    const org = (await findOrganisationName(tx, row.organisation)) ?? row.organisation;
    const link = trackingLink(mail.baseUrl, row.organisation, code);
    const body = bilingual(
      [
        `Bonjour ${row.externalRequester?.name ?? ""},`,
        `${org} a bien reçu votre demande « ${row.title} ».`,
        `Numéro d'enregistrement : ${row.registryNumber}`,
        `Code de suivi (gardez-le, il ne sera plus affiché) : ${code}`,
        ...(link ? [`Suivre votre demande : ${link}`] : []),
      ],
      [
        `Hello ${row.externalRequester?.name ?? ""},`,
        `${org} received your request "${row.title}".`,
        `Registry number: ${row.registryNumber}`,
        `Tracking code (keep it, it will not be shown again): ${code}`,
        ...(link ? [`Follow your request: ${link}`] : []),
      ],
    );
    await mail.mailer.send({
      to: [email],
      subject: `Accusé de réception ${row.registryNumber} / Receipt ${row.registryNumber}`,
      ...body,
      messageId: `<portal-receipt.${row.id}@${mail.domain}>`,
    });
  },
});

/** The code that confirms an e-mail address, derived again here: it is stored nowhere. */
export const sendEmailCodeJob = defineJob({
  name: "portal.send-email-code",
  payload: z.strictObject({ organisation: z.string(), email: z.email(), window: z.number().int() }),
  maxAttempts: 3,
  backoffSeconds: 30,
  async run({ tx, payload, job }) {
    const mail = mailContextFromEnv();
    if (!mail) return;
    const code = emailCode(await portalKey(tx), payload.organisation, payload.email, payload.window);
    const org = (await findOrganisationName(tx, payload.organisation)) ?? payload.organisation;
    const body = bilingual(
      [`Votre code de confirmation pour ${org} : ${code}`, "Il est valable 30 minutes."],
      [`Your confirmation code for ${org}: ${code}`, "It is valid for 30 minutes."],
    );
    await mail.mailer.send({
      to: [payload.email],
      subject: `Code de confirmation ${code} / Confirmation code`,
      ...body,
      messageId: `<portal-code.${job.id}@${mail.domain}>`,
    });
  },
});

/** The office wrote to the requester (or asks for a document): a link to the tracking page. */
export const sendOfficeMessageJob = defineJob({
  name: "portal.send-office-message",
  payload: z.strictObject({ caseId: z.uuid(), messageId: z.uuid(), asksFor: z.string().nullable() }),
  maxAttempts: 6,
  backoffSeconds: 60,
  async run({ tx, payload }) {
    const mail = mailContextFromEnv();
    if (!mail) return;
    const row = await findCase(tx, payload.caseId);
    const email = row?.externalRequester?.email;
    if (!row || !email) return;
    const link = trackingLink(mail.baseUrl, row.organisation, null);
    const body = bilingual(
      [
        `Un nouveau message concerne votre demande ${row.registryNumber}.`,
        ...(payload.asksFor ? [`Un document vous est demandé : ${payload.asksFor}.`] : []),
        `Consultez-le avec votre code de suivi${link ? ` : ${link}` : "."}`,
      ],
      [
        `There is a new message about your request ${row.registryNumber}.`,
        ...(payload.asksFor ? [`A document is asked of you: ${payload.asksFor}.`] : []),
        `Read it with your tracking code${link ? `: ${link}` : "."}`,
      ],
    );
    await mail.mailer.send({
      to: [email],
      subject: `Demande ${row.registryNumber} : nouveau message / new message`,
      ...body,
      messageId: `<portal-message.${payload.messageId}@${mail.domain}>`,
    });
  },
});

export const portalJobHandlers = [sendReceiptJob, sendEmailCodeJob, sendOfficeMessageJob] as const;
