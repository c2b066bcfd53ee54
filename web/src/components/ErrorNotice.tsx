import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client.js";
import { bilingual } from "./format.js";

/** A refusal or failure from the server, in the reader's language, announced to screen readers. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text = error instanceof ApiError ? bilingual(error.body.message) : t("common.unexpectedError");
  return (
    <Alert color="red" role="alert" title={t("common.refused")} data-testid="error">
      {text}
    </Alert>
  );
}

/** The error message for one field, when the server's refusal names it. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const message = error.forField(field);
  return message ? bilingual(message) : undefined;
}

/** True when the refusal names a field the form shows (so it need not be repeated above). */
export function namesAField(error: unknown, fields: string[]): boolean {
  return error instanceof ApiError && fields.some((f) => error.forField(f) !== null);
}
