import { useQuery } from "@tanstack/react-query";
import type { RegisterDefinition, RegisterField } from "../../../../engine/register/schema.js";
import type { EntryPage, EntryView, RegisterSummary } from "../../../../shared/api/registers.js";
import { api } from "../../api/client.js";

/** The registers API as the Registres screens read it (server/routes/api/registers.ts). */

export type { EntryPage, EntryView, RegisterDefinition, RegisterField, RegisterSummary };

export interface RegisterAccess {
  read: boolean;
  write: boolean;
  archivist: boolean;
}

export interface RegisterView {
  definition: RegisterDefinition;
  access: RegisterAccess;
}

export interface ImportProblem {
  line: number;
  column: string | null;
  message: { fr: string; en: string };
}

export const registerKeys = {
  all: ["registers"] as const,
  one: (id: string) => ["registers", id] as const,
  entries: (id: string) => ["registers", id, "entries"] as const,
  entry: (id: string, entryId: string) => ["registers", id, "entry", entryId] as const,
  retention: (id: string) => ["registers", id, "retention"] as const,
};

export function useRegisters() {
  return useQuery({
    queryKey: registerKeys.all,
    queryFn: async () => (await api.get<{ items: RegisterSummary[] }>("/api/registers")).items,
    staleTime: 60_000,
  });
}

/** The register's definition as declared in YAML, and what the signed-in person may do in it. */
export function useRegister(registerId: string) {
  return useQuery({
    queryKey: registerKeys.one(registerId),
    queryFn: () => api.get<RegisterView>(`/api/registers/${encodeURIComponent(registerId)}`),
    staleTime: 60_000,
  });
}

export function useEntry(registerId: string, entryId: string) {
  return useQuery({
    queryKey: registerKeys.entry(registerId, entryId),
    queryFn: () => api.get<EntryPage>(`/api/registers/${encodeURIComponent(registerId)}/entries/${entryId}`),
  });
}

/** The label of a column: a field's, or the entry's number and state. */
export function columnLabel(def: RegisterDefinition, column: string, t: (key: string) => string): string {
  if (column === "number") return t("registerBook.number");
  if (column === "state") return t("registerBook.state");
  return def.fields.find((f) => f.id === column)?.label ?? column;
}

/** A stored value as a person reads it: a choice's label, a date in their format, a quantity with its unit. */
export function displayValue(
  field: RegisterField | undefined,
  value: unknown,
  formatDate: (iso: string) => string,
  formatDateTime: (iso: string) => string,
): string {
  if (value === null || value === undefined || value === "") return "—";
  if (!field) return String(value);
  switch (field.type) {
    case "choice":
      return field.options?.find((o) => o.value === value)?.label ?? String(value);
    case "date":
      // A calendar date, read at noon so that no time zone moves it to the day before.
      return formatDate(`${String(value)}T12:00:00`);
    case "datetime":
      return formatDateTime(String(value));
    case "number":
    case "quantity":
      return field.unit ? `${String(value)} ${field.unit}` : String(value);
    default:
      return String(value);
  }
}

export function stateLabel(def: RegisterDefinition, state: string | null): string {
  if (!state) return "—";
  return def.states?.list.find((s) => s.id === state)?.label ?? state;
}
