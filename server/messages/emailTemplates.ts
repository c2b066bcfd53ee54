import type { LocalizedMessage } from "../../engine/messages.js";

/** What a template needs from a notification. */
export interface MailedNotification {
  subject: LocalizedMessage;
  body: LocalizedMessage;
  caseId: string | null;
  createdAt: Date;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Language = "fr" | "en";

const WORDS = {
  fr: {
    open: "Ouvrir le dossier",
    footer:
      "Message envoyé par Logigramme. Vous choisissez dans vos préférences de recevoir ces messages immédiatement, en un récapitulatif quotidien ou pas du tout.",
    digestSubject: (n: number) => `Votre récapitulatif : ${n} notification${n > 1 ? "s" : ""}`,
    digestIntro: (n: number) =>
      `Voici ${n > 1 ? `les ${n} notifications` : "la notification"} reçue${n > 1 ? "s" : ""} depuis votre dernier récapitulatif.`,
  },
  en: {
    open: "Open the case",
    footer:
      "Sent by Logigramme. In your preferences you choose to receive these messages immediately, as a daily digest or not at all.",
    digestSubject: (n: number) => `Your digest: ${n} notification${n > 1 ? "s" : ""}`,
    digestIntro: (n: number) =>
      `Here ${n > 1 ? `are the ${n} notifications` : "is the notification"} received since your last digest.`,
  },
} as const;

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function caseLink(baseUrl: string | null, caseId: string | null): string | null {
  if (!baseUrl || !caseId) return null;
  return `${baseUrl.replace(/\/$/, "")}/dossiers/${caseId}`;
}

function page(lang: Language, title: string, inner: string): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:640px;margin:0 auto;padding:16px">
${inner}
<p style="color:#666;font-size:12px;border-top:1px solid #ddd;padding-top:8px">${escapeHtml(WORDS[lang].footer)}</p>
</body></html>`;
}

/** One notification as an e-mail in the reader's language: text and HTML say the same thing. */
export function renderNotificationMail(
  n: MailedNotification,
  lang: Language,
  baseUrl: string | null,
): RenderedMail {
  const subject = n.subject[lang];
  const body = n.body[lang];
  const link = caseLink(baseUrl, n.caseId);
  const text = [
    body,
    ...(link ? ["", `${WORDS[lang].open} : ${link}`] : []),
    "",
    "--",
    WORDS[lang].footer,
  ].join("\n");
  const html = page(
    lang,
    subject,
    `<h1 style="font-size:18px">${escapeHtml(subject)}</h1>
<p>${escapeHtml(body).replaceAll("\n", "<br>")}</p>
${link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(WORDS[lang].open)}</a></p>` : ""}`,
  );
  return { subject, text, html };
}

/** Several notifications in one message: the daily digest. */
export function renderDigestMail(
  items: MailedNotification[],
  lang: Language,
  baseUrl: string | null,
): RenderedMail {
  const words = WORDS[lang];
  const subject = words.digestSubject(items.length);
  const textItems = items.map((n) => {
    const link = caseLink(baseUrl, n.caseId);
    return [`* ${n.subject[lang]}`, `  ${n.body[lang]}`, ...(link ? [`  ${link}`] : [])].join("\n");
  });
  const text = [words.digestIntro(items.length), "", ...textItems, "", "--", words.footer].join("\n");
  const htmlItems = items
    .map((n) => {
      const link = caseLink(baseUrl, n.caseId);
      return `<li><strong>${escapeHtml(n.subject[lang])}</strong><br>${escapeHtml(n.body[lang])}${
        link ? `<br><a href="${escapeHtml(link)}">${escapeHtml(words.open)}</a>` : ""
      }</li>`;
    })
    .join("\n");
  const html = page(
    lang,
    subject,
    `<p>${escapeHtml(words.digestIntro(items.length))}</p>\n<ul>\n${htmlItems}\n</ul>`,
  );
  return { subject, text, html };
}
