import { createTransport, type Transporter } from "nodemailer";

/** One e-mail as this server sends it: both parts, and a Message-ID chosen by the caller. */
export interface OutgoingMail {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`; deterministic, so a message sent again after a crash is recognisably the same one. */
  messageId: string;
}

export interface Mailer {
  /** Resolves once the server accepted the message; throws if it refused it or could not be reached. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailerConfig {
  /** `smtp://user:password@host:587` or `smtps://…:465` (nodemailer's connection URL). */
  url: string;
  /** The From header: `Logigramme <no-reply@douanes.gouv.ci>`. */
  from: string;
}

/** SMTP_URL turns e-mail on; unset, notifications stay in the app. */
export function mailerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailerConfig | null {
  if (!env.SMTP_URL) return null;
  return { url: env.SMTP_URL, from: env.SMTP_FROM ?? "Logigramme <no-reply@localhost>" };
}

export function smtpMailer(config: MailerConfig): Mailer {
  // One connection per message: sends are jobs spread over time, a pool would mostly sit idle.
  const transport: Transporter = createTransport(config.url);
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.from,
        to: mail.to,
        ...(mail.cc && mail.cc.length > 0 ? { cc: mail.cc } : {}),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
      });
    },
    close() {
      transport.close();
    },
  };
}

/** The domain of the From address, for Message-IDs (`<notification.…@douanes.gouv.ci>`). */
export function messageIdDomain(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match?.[1] ?? "logigramme.local";
}
