import { escapeMarkup } from "../text/escapeMarkup.js";

/** Parsers turn line breaks and tabs in attributes into spaces unless they are character references. */
function escapeAttribute(text: string): string {
  return escapeMarkup(text).replaceAll("\n", "&#10;").replaceAll("\r", "&#13;").replaceAll("\t", "&#9;");
}

export type AttributeValue = string | number | boolean | undefined | null;

/**
 * One XML element as text. Attributes left undefined are not written, so that optional fields of
 * the definition stay absent rather than becoming empty strings on the way back.
 */
export function xmlElement(
  name: string,
  attributes: Record<string, AttributeValue> = {},
  children: Array<string | null | undefined | false> = [],
): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
    .join("");
  const content = children.filter((c): c is string => typeof c === "string" && c.length > 0);
  return content.length === 0 ? `<${name}${attrs}/>` : `<${name}${attrs}>${content.join("")}</${name}>`;
}

/** An element whose content is text (documentation, purpose…). */
export function xmlText(
  name: string,
  text: string | undefined,
  attributes: Record<string, AttributeValue> = {},
) {
  if (text === undefined) return null;
  // A carriage return would come back as a line feed without a character reference.
  return `${xmlElement(name, attributes).replace(/\/>$/, ">")}${escapeMarkup(text).replaceAll("\r", "&#13;")}</${name}>`;
}
