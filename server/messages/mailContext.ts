import type { MailContext } from "./emailSender.js";
import { type Mailer, mailerConfigFromEnv, messageIdDomain, smtpMailer } from "./mailer.js";

let cached: { key: string; context: MailContext } | null = null;

/**
 * The e-mail settings of this process (SMTP_URL, SMTP_FROM, PUBLIC_URL), read when a job needs
 * them; null when SMTP_URL is unset: notifications then stay in the app.
 */
export function mailContextFromEnv(env: NodeJS.ProcessEnv = process.env): MailContext | null {
  const config = mailerConfigFromEnv(env);
  if (!config) return null;
  const key = `${config.url}\n${config.from}\n${env.PUBLIC_URL ?? ""}`;
  if (cached?.key !== key) {
    cached?.context.mailer.close();
    const mailer: Mailer = smtpMailer(config);
    cached = {
      key,
      context: { mailer, domain: messageIdDomain(config.from), baseUrl: env.PUBLIC_URL ?? null },
    };
  }
  return cached.context;
}

export function emailEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.SMTP_URL);
}
