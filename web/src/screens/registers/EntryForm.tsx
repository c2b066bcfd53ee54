import { Button, Group, NativeSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { checkValues } from "../../../../engine/register/values.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { bilingual } from "../../components/format.js";
import type { RegisterDefinition, RegisterField } from "./registerApi.js";

export interface EntryFormValue {
  values: Record<string, string | null>;
  state: string | undefined;
}

/**
 * A register entry's form, generated from the fields the register declares, checked with the
 * same rules as the server (engine/register/values.ts) before it is sent; the server's refusal
 * is shown next to the field it names. Quantities are not typed here: movements change them.
 */
export function EntryForm({
  def,
  initial,
  currentState,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  def: RegisterDefinition;
  initial: Record<string, unknown>;
  /** The entry's state for a change; null for a new entry. */
  currentState: string | null;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (value: EntryFormValue) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const editable = def.fields.filter((f) => f.type !== "quantity");
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(editable.map((f) => [f.id, toInput(f, initial[f.id])])),
  );
  const creating = currentState === null;
  const [state, setState] = useState<string>(currentState ?? def.states?.initial ?? "");
  const [problems, setProblems] = useState<Record<string, string>>({});

  const states = def.states
    ? def.states.list.filter(
        (s) =>
          creating ||
          s.id === currentState ||
          def.states?.changes.some((c) => c.from === currentState && c.to === s.id),
      )
    : [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const sent: Record<string, string | null> = {};
    for (const field of editable) {
      const raw = values[field.id] ?? "";
      const value = fromInput(field, raw);
      // A new entry sends what was typed; a change sends what differs from the entry.
      if (creating ? value !== null : value !== toStored(field, initial[field.id])) sent[field.id] = value;
    }
    const checked = checkValues(def, sent, { complete: creating, quantities: false });
    const found = Object.fromEntries(checked.problems.map((p) => [p.field, bilingual(p.message)]));
    setProblems(found);
    if (checked.problems.length > 0) return;
    onSubmit({ values: sent, state: def.states ? state : undefined });
  };

  const errorOf = (id: string) => problems[id] ?? fieldError(error, id);
  const shownFields = [...editable.map((f) => f.id), "state"];

  return (
    <form onSubmit={submit} noValidate data-testid="entry-form">
      <Stack gap="sm">
        {!namesAField(error, shownFields) && <ErrorNotice error={error} />}
        {def.states && (
          <NativeSelect
            label={t("registerBook.state")}
            data={states.map((s) => ({ value: s.id, label: s.label }))}
            value={state}
            onChange={(e) => setState(e.currentTarget.value)}
            error={errorOf("state")}
            maw={360}
          />
        )}
        {editable.map((field) => (
          <RegisterFieldInput
            key={field.id}
            field={field}
            value={values[field.id] ?? ""}
            error={errorOf(field.id)}
            onChange={(value) => {
              setValues((v) => ({ ...v, [field.id]: value }));
              // The field's problem goes once it is retyped; the next submit checks again.
              setProblems(({ [field.id]: _gone, ...rest }) => rest);
            }}
          />
        ))}
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t("common.cancel")}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

function RegisterFieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: RegisterField;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const hint: Partial<Record<RegisterField["type"], string>> = {
    person: t("registerBook.hint.person"),
    unit: t("registerBook.hint.unit"),
    case: t("registerBook.hint.case"),
    entry: t("registerBook.hint.entry"),
  };
  const common = {
    label: field.unit ? `${field.label} (${field.unit})` : field.label,
    description: field.help ?? hint[field.type],
    withAsterisk: field.required,
    error,
    name: field.id,
  };
  switch (field.type) {
    case "textarea":
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "choice":
      return (
        <NativeSelect
          {...common}
          data={[{ value: "", label: "—" }, ...(field.options ?? [])]}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "date":
      return (
        <TextInput {...common} type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} />
      );
    case "datetime":
      return (
        <TextInput
          {...common}
          type="datetime-local"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "number":
      return (
        <TextInput
          {...common}
          inputMode="decimal"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return <TextInput {...common} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

/** A stored value as the input shows it (a date-time in local time for datetime-local). */
function toInput(field: RegisterField, stored: unknown): string {
  if (stored === null || stored === undefined) return "";
  if (field.type === "datetime") {
    const date = new Date(String(stored));
    if (Number.isNaN(date.getTime())) return "";
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
    return local.toISOString().slice(0, 16);
  }
  return String(stored);
}

/** What the input holds, as the API takes it: null for empty, ISO 8601 for a date-time. */
function fromInput(field: RegisterField, raw: string): string | null {
  const text = raw.trim();
  if (text === "") return null;
  if (field.type === "datetime") {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? text : date.toISOString();
  }
  return text;
}

function toStored(field: RegisterField, stored: unknown): string | null {
  if (stored === null || stored === undefined || stored === "") return null;
  if (field.type === "datetime") return new Date(String(stored)).toISOString();
  return String(stored);
}
