/**
 * Registry numbers such as CE-2026-00042. The format comes from the definition; the sequence
 * value is assigned by the data layer inside the creating transaction.
 */

export function registryPlaceholders(format: string): string[] {
  return [...format.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? "");
}

/** The local date parts the number is made from (the administration's calendar, not UTC). */
export interface RegistryDate {
  year: number;
  month: number;
}

export function formatRegistryNumber(format: string, date: RegistryDate, sequence: number): string {
  return format.replace(/\{([^}]*)\}/g, (_whole, placeholder: string) => {
    if (placeholder === "YYYY") return String(date.year);
    if (placeholder === "YY") return String(date.year % 100).padStart(2, "0");
    if (placeholder === "MM") return String(date.month).padStart(2, "0");
    const seq = /^seq(?::(\d+))?$/.exec(placeholder);
    if (seq) return String(sequence).padStart(Number(seq[1] ?? 1), "0");
    throw new Error(`unknown registry placeholder {${placeholder}}`);
  });
}
