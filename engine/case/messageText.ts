/**
 * Fills a message template of the definition (`notify`, an escalation's `message`) with a case's
 * data: `{{field}}` is a form value, `{{case.number}}`, `{{case.title}}` and `{{procedure.title}}`
 * name the case. A value the case does not have yet reads as nothing rather than as its code.
 */
export function fillTemplate(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([a-zA-Z0-9_.-]+)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined || value === null) return "";
    if (typeof value === "boolean") return value ? "oui" : "non";
    return String(value);
  });
}
