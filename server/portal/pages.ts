import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { escapeMarkup as e } from "../../engine/text/escapeMarkup.js";
import type { ProcedureCounter } from "../db/queries/portal.js";
import { LANGUAGES, type PortalLanguage, WORDS, type Words } from "./pageWords.js";
import { firstStep, MEDIA_TYPES, publicSettings } from "./publicProcedures.js";

/**
 * The portal's own pages: server-rendered HTML, one small stylesheet inline and one script of its
 * own (`/portail/portail.js`), nothing of the back office's bundle. Readable without the script;
 * the script solves the proof of work, sends the form and shows the tracking page.
 */

const LANGUAGE_NAMES: Record<PortalLanguage, string> = { fr: "Français", en: "English", ar: "العربية" };

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans Arabic",sans-serif;margin:0;color:#1a1a1a;background:#fafafa;line-height:1.5}
header{background:#0b4f6c;color:#fff;padding:1rem}
header a{color:#fff}
header p{margin:.25rem 0 0}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:0}h2{font-size:1.25rem;margin-top:2rem}
nav ul{list-style:none;padding:0;display:flex;gap:1rem;margin:.5rem 0 0}
a{color:#0b4f6c}
.card{background:#fff;border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}
.counters{color:#333;font-size:.9rem}
label{display:block;font-weight:600;margin-top:1rem}
input,select,textarea,button{font:inherit;font-size:1rem}
input[type=text],input[type=email],input[type=tel],input[type=number],input[type=date],input[type=datetime-local],select,textarea{width:100%;padding:.5rem;border:1px solid #767676;border-radius:.25rem;background:#fff}
input[type=checkbox]{width:1.25rem;height:1.25rem;vertical-align:middle}
.consent{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}
button,.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;background:#0b4f6c;color:#fff;border:0;border-radius:.25rem;cursor:pointer;text-decoration:none}
button:focus-visible,a:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #e0a100;outline-offset:2px}
.hint{font-weight:400;color:#333;font-size:.9rem}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.error{color:#a4161a;font-weight:600}
.ok{color:#1b5e20;font-weight:600}
.code{font-family:ui-monospace,monospace;font-size:1.2rem;word-break:break-all;background:#fff3cd;padding:.25rem .5rem}
ol.thread{list-style:none;padding:0}ol.thread li{border-inline-start:4px solid #0b4f6c;padding:.25rem .75rem;margin:.5rem 0;background:#fff}
ol.thread li.mine{border-color:#6c757d}
dl dt{font-weight:600}dl dd{margin:0 0 .5rem}
@media print{header nav,button,.no-print{display:none}body{background:#fff}}
`;

function languageLinks(path: string, lang: PortalLanguage, w: Words): string {
  return `<nav aria-label="${e(w.language)}"><ul>${LANGUAGES.map((l) =>
    l === lang
      ? `<li><span aria-current="true" lang="${l}">${LANGUAGE_NAMES[l]}</span></li>`
      : `<li><a href="${e(path)}?lang=${l}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`,
  ).join("")}</ul></nav>`;
}

export function page(options: {
  lang: PortalLanguage;
  title: string;
  organisation: { code: string; name: string } | null;
  path: string;
  body: string;
  data?: Record<string, string>;
}): string {
  const { lang } = options;
  const w = WORDS[lang];
  const data = Object.entries(options.data ?? {})
    .map(([k, v]) => ` data-${k}="${e(v)}"`)
    .join("");
  const home = options.organisation
    ? `/portail/${encodeURIComponent(options.organisation.code)}?lang=${lang}`
    : null;
  return `<!doctype html>
<html lang="${lang}" dir="${lang === "ar" ? "rtl" : "ltr"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(options.title)}</title>
<style>${STYLE}</style>
</head>
<body${data} data-lang="${lang}">
<header>
<p>${options.organisation ? (home ? `<a href="${e(home)}">${e(options.organisation.name)}</a>` : e(options.organisation.name)) : ""} — ${e(w.portal)}</p>
${languageLinks(options.path, lang, w)}
</header>
<main id="main">
${options.body}
</main>
<script src="/portail/portail.js" defer></script>
</body>
</html>`;
}

const hours = (h: number | null, w: Words) => (h === null ? "—" : `${h} ${w.hours}`);

export function homePage(
  lang: PortalLanguage,
  organisation: { code: string; name: string },
  defs: ProcedureDefinition[],
  counters: ProcedureCounter[],
): string {
  const w = WORDS[lang];
  const base = `/portail/${encodeURIComponent(organisation.code)}`;
  const items = defs
    .map((def) => {
      const settings = publicSettings(def)!;
      const c = counters.find((x) => x.procedureId === def.id);
      return `<li class="card">
<h3>${e(def.title)}</h3>
${settings.audience ? `<p><strong>${e(w.audience)} :</strong> ${e(settings.audience)}</p>` : ""}
${def.purpose ? `<p>${e(def.purpose)}</p>` : ""}
<p class="counters">${c?.received ?? 0} ${e(w.received)} · ${c?.inProgress ?? 0} ${e(w.inProgress)} · ${c?.closed ?? 0} ${e(w.closed)} · ${e(w.averageTime)} ${e(hours(c?.averageHours ?? null, w))}</p>
<a class="button" href="${e(`${base}/demarches/${encodeURIComponent(def.id)}?lang=${lang}`)}">${e(w.start)}<span class="trap"> : ${e(def.title)}</span></a>
</li>`;
    })
    .join("\n");
  return page({
    lang,
    title: `${w.portal} — ${organisation.name}`,
    organisation,
    path: base,
    body: `<h1>${e(w.portal)} — ${e(organisation.name)}</h1>
<p>${e(w.intro)}</p>
<h2>${e(w.procedures)}</h2>
${defs.length === 0 ? `<p>${e(w.none)}</p>` : `<ul style="list-style:none;padding:0">${items}</ul>`}
<h2>${e(w.track)}</h2>
<p><a href="${e(`${base}/suivi?lang=${lang}`)}">${e(w.track)}</a></p>`,
  });
}

function fieldInput(field: NonNullable<ReturnType<typeof firstStep>["form"]>[number]): string {
  const id = `f-${field.id}`;
  const name = `data.${field.id}`;
  const required = field.required ? " required" : "";
  const label = `<label for="${id}">${e(field.label)}${field.unit ? ` (${e(field.unit)})` : ""}${field.required ? ' <span aria-hidden="true">*</span>' : ""}</label>`;
  const help = field.help ? `<span class="hint" id="${id}-help">${e(field.help)}</span>` : "";
  const described = field.help ? ` aria-describedby="${id}-help"` : "";
  switch (field.type) {
    case "textarea":
      return `${label}${help}<textarea id="${id}" name="${name}" rows="4"${required}${described}></textarea>`;
    case "select":
      return `${label}${help}<select id="${id}" name="${name}"${required}${described}><option value=""></option>${(
        field.options ?? []
      )
        .map((o) => `<option value="${e(o.value)}">${e(o.label)}</option>`)
        .join("")}</select>`;
    case "boolean":
      return `<label class="consent" for="${id}"><input type="checkbox" id="${id}" name="${name}" data-type="boolean"> ${e(field.label)}</label>`;
    case "number":
    case "integer":
      return `${label}${help}<input type="number" id="${id}" name="${name}" data-type="${field.type}"${field.type === "integer" ? ' step="1"' : ' step="any"'}${required}${described}>`;
    case "date":
      return `${label}${help}<input type="date" id="${id}" name="${name}"${required}${described}>`;
    case "datetime":
      return `${label}${help}<input type="datetime-local" id="${id}" name="${name}" data-type="datetime"${required}${described}>`;
    case "email":
      return `${label}${help}<input type="email" id="${id}" name="${name}"${required}${described}>`;
    default:
      return `${label}${help}<input type="text" id="${id}" name="${name}"${required}${described}>`;
  }
}

export function procedurePage(
  lang: PortalLanguage,
  organisation: { code: string; name: string },
  def: ProcedureDefinition,
): string {
  const w = WORDS[lang];
  const settings = publicSettings(def)!;
  const step = firstStep(def);
  const types = settings.documentTypes.map((t) => MEDIA_TYPES[t]).join(",");
  const typesText = settings.documentTypes.map((t) => t.toUpperCase()).join(", ");
  const documents = (step.documents ?? [])
    .map(
      (
        d,
      ) => `<label for="doc-${e(d.id)}">${e(d.title)}${d.required ? ` <span class="hint">(${e(w.required)})</span>` : ""}</label>
<span class="hint" id="doc-${e(d.id)}-help">${e(w.accepted)} : ${e(typesText)} — ${e(w.maxSize)} ${settings.maxDocumentMB} Mo</span>
<input type="file" id="doc-${e(d.id)}" name="doc.${e(d.id)}" accept="${e(types)}" aria-describedby="doc-${e(d.id)}-help"${d.required ? " required" : ""}>`,
    )
    .join("\n");
  const base = `/portail/${encodeURIComponent(organisation.code)}`;
  const emailStep = settings.emailVerification
    ? `<label for="emailCode">${e(w.emailCode)}</label>
<input type="text" id="emailCode" name="emailCode" inputmode="numeric" autocomplete="one-time-code" required>
<button type="button" id="send-code">${e(w.sendCode)}</button>`
    : "";
  return page({
    lang,
    title: `${def.title} — ${organisation.name}`,
    organisation,
    path: `${base}/demarches/${encodeURIComponent(def.id)}`,
    data: {
      organisation: organisation.code,
      procedure: def.id,
      maxBytes: String(settings.maxDocumentMB * 1024 * 1024),
      sending: w.sending,
      codeSent: w.codeSent,
      words: JSON.stringify(pick(w)),
    },
    body: `<p class="no-print"><a href="${e(`${base}?lang=${lang}`)}">${e(w.back)}</a></p>
<h1>${e(def.title)}</h1>
${def.purpose ? `<p>${e(def.purpose)}</p>` : ""}
<form id="request" novalidate>
<fieldset><legend>${e(w.you)}</legend>
<label for="r-name">${e(w.name)} <span aria-hidden="true">*</span></label>
<input type="text" id="r-name" name="requester.name" autocomplete="name" required>
<label for="r-email">${e(w.email)}${settings.emailVerification ? ' <span aria-hidden="true">*</span>' : ""}</label>
<input type="email" id="r-email" name="requester.email" autocomplete="email"${settings.emailVerification ? " required" : ""}>
<label for="r-phone">${e(w.phone)}</label>
<input type="tel" id="r-phone" name="requester.phone" autocomplete="tel">
<label for="r-company">${e(w.company)}</label>
<input type="text" id="r-company" name="requester.company" autocomplete="organization">
${emailStep}
</fieldset>
<fieldset><legend>${e(w.yourRequest)}</legend>
<label for="title">${e(w.object)}</label>
<input type="text" id="title" name="title">
${(step.form ?? []).map(fieldInput).join("\n")}
</fieldset>
${documents ? `<fieldset><legend>${e(w.documents)}</legend>${documents}</fieldset>` : ""}
<div class="trap" aria-hidden="true"><label for="website">${e(w.website)}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<label class="consent" for="consent"><input type="checkbox" id="consent" name="consent" required> <span>${e(w.consent)}</span></label>
<button type="submit">${e(w.send)}</button>
<p id="form-status" role="status" aria-live="polite"></p>
</form>
<section id="receipt" hidden tabindex="-1" aria-labelledby="receipt-title"></section>`,
  });
}

export function trackingPage(lang: PortalLanguage, organisation: { code: string; name: string }): string {
  const w = WORDS[lang];
  const base = `/portail/${encodeURIComponent(organisation.code)}`;
  return page({
    lang,
    title: `${w.track} — ${organisation.name}`,
    organisation,
    path: `${base}/suivi`,
    data: { organisation: organisation.code, words: JSON.stringify(pick(w)) },
    body: `<p class="no-print"><a href="${e(`${base}?lang=${lang}`)}">${e(w.back)}</a></p>
<h1>${e(w.track)}</h1>
<form id="track">
<label for="code">${e(w.code)}</label>
<span class="hint" id="code-help">${e(w.trackIntro)}</span>
<input type="text" id="code" name="code" autocomplete="off" spellcheck="false" aria-describedby="code-help" required>
<button type="submit">${e(w.show)}</button>
<p id="track-status" role="status" aria-live="polite"></p>
</form>
<section id="tracking" hidden tabindex="-1" aria-live="polite"></section>`,
  });
}

export function notFoundPage(lang: PortalLanguage): string {
  const w = WORDS[lang];
  return page({
    lang,
    title: w.unknownPortal,
    organisation: null,
    path: "/portail",
    body: `<h1>${e(w.unknownPortal)}</h1>`,
  });
}

/** The words the script needs, passed in the page (the script itself holds no text). */
function pick(w: Words) {
  const keys = [
    "receipt",
    "receiptIntro",
    "registryNumber",
    "trackingCode",
    "keepCode",
    "submittedAt",
    "print",
    "followIt",
    "status",
    "stepsDone",
    "currentStep",
    "noSteps",
    "issued",
    "messages",
    "office",
    "you",
    "asked",
    "write",
    "sendMessage",
    "addDocument",
    "sendDocument",
    "file",
    "rate",
    "rating",
    "comment",
    "sendRating",
    "thanks",
    "reopen",
    "reopenUntil",
    "reason",
    "reopenedFrom",
    "download",
    "verify",
    "error",
  ] as const;
  return Object.fromEntries(keys.map((k) => [k, w[k]]));
}
