import { Checkbox, NativeSelect, NumberInput, Textarea, TextInput } from "@mantine/core";
import type { FormField } from "../api/types.js";

export function initialValue(field: FormField): unknown {
  return field.type === "boolean" ? false : "";
}

/** One field of a definition's form, with its label, required mark, help and the server's error. */
export function FieldInput({
  field,
  value,
  onChange,
  error,
}: {
  field: FormField;
  value: unknown;
  onChange: (value: unknown) => void;
  error: string | undefined;
}) {
  const common = {
    label: field.unit ? `${field.label} (${field.unit})` : field.label,
    description: field.help,
    withAsterisk: field.required,
    error,
    name: field.id,
  };
  switch (field.type) {
    case "boolean":
      return (
        <Checkbox
          label={field.label}
          description={field.help}
          error={error}
          name={field.id}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case "textarea":
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          value={String(value ?? "")}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "number":
    case "integer":
      return (
        <NumberInput
          {...common}
          decimalSeparator=","
          allowDecimal={field.type === "number"}
          value={typeof value === "number" ? value : ""}
          onChange={(v) =>
            onChange(typeof v === "number" ? v : v === "" ? "" : Number(String(v).replace(",", ".")))
          }
        />
      );
    case "select":
      return (
        <NativeSelect
          {...common}
          data={[{ value: "", label: "—" }, ...(field.options ?? [])]}
          value={String(value ?? "")}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "date":
      return (
        <TextInput
          {...common}
          type="date"
          value={String(value ?? "")}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "datetime":
      return (
        <TextInput
          {...common}
          type="datetime-local"
          value={String(value ?? "").slice(0, 16)}
          onChange={(e) =>
            onChange(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : "")
          }
        />
      );
    case "email":
      return (
        <TextInput
          {...common}
          type="email"
          value={String(value ?? "")}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={String(value ?? "")}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}
