import { z } from "zod";
import { defineJob } from "../jobs/handler.js";
import { escapeHtml } from "./emailTemplates.js";
import { mailContextFromEnv } from "./mailContext.js";

/**
 * One e-mail to addresses outside the org chart (a supplier, datacenter.dsi@…, a copy list), sent
 * for a message of a definition. Its Message-ID derives from the message's reference, so a retry
 * after a crash sends the same message. Without SMTP_URL nothing leaves (the audit trail and the
 * notifications inside still say it was asked for).
 */
export const sendExternalEmailJob = defineJob({
  name: "messages.send-external-email",
  payload: z.strictObject({
    to: z.array(z.email()).min(1),
    cc: z.array(z.email()),
    subject: z.string().min(1),
    text: z.string(),
    /** Names the message for good: `<case>:<token>:<stage>`. */
    reference: z.string().min(1),
  }),
  maxAttempts: 6,
  backoffSeconds: 60,
  leaseSeconds: 120,
  async run({ payload }) {
    const mail = mailContextFromEnv();
    if (!mail) return;
    await mail.mailer.send({
      to: payload.to,
      cc: payload.cc,
      subject: payload.subject,
      text: payload.text,
      html: `<p>${escapeHtml(payload.text).replaceAll("\n", "<br>")}</p>`,
      messageId: `<message.${payload.reference.replace(/[^A-Za-z0-9.-]/g, ".")}@${mail.domain}>`,
    });
  },
});
