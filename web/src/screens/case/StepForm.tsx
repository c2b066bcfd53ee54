import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client.js";
import { caseKey } from "../../api/hooks.js";
import type { CaseAction, CaseView, FormField } from "../../api/types.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { FieldInput, initialValue } from "../../components/FieldInput.js";

type Complete = Extract<CaseAction, { type: "complete" }>;

/** What a first form sends when the case does not exist yet (the files inline, in base64). */
export interface FirstFormPayload {
  form: Record<string, unknown>;
  outcome?: string;
  imputeTo?: string;
  checklist?: string[];
  files?: Array<{ documentId: string; fileName: string; mediaType?: string; contentBase64: string }>;
}

/**
 * A step's form as the definition describes it: typed fields, the decision, the unit to impute
 * to, the documents to upload and their checklist. What was typed stays when the server refuses.
 * Without a case (`view` null), it is the first form of a new case: `submitFirst` sends it whole.
 */
export function StepForm({
  view,
  action,
  onDone,
  onCancel,
  submitFirst,
  guidance,
}: {
  view: CaseView | null;
  action: Complete;
  onDone: (next: CaseView) => void;
  onCancel: () => void;
  submitFirst?: (payload: FirstFormPayload) => Promise<CaseView>;
  /** The manual's guidance for the step (its « Commentaires » column). */
  guidance?: string | undefined;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [values, setValues] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(action.form.map((f) => [f.id, initialValue(f)])),
  );
  const [outcome, setOutcome] = useState("");
  const [imputeTo, setImputeTo] = useState("");
  const [reason, setReason] = useState("");
  const [reasonMissing, setReasonMissing] = useState(false);
  // An outcome that takes the case back to a step it went through (a NON) asks for its motif.
  const returns = action.outcomes.some((o) => o.id === outcome && o.returns === true);
  const [files, setFiles] = useState<Record<string, File | null>>({});
  // Files already stored, by document: not sent again when the form is resubmitted.
  const [uploaded, setUploaded] = useState<Record<string, { file: File; id: string }>>({});
  const [checked, setChecked] = useState<string[]>([]);
  const units = useQuery({
    queryKey: ["units"],
    queryFn: async () => {
      const body = await api.get<{
        items?: Array<{ code: string; name: string }>;
        units?: Array<{ code: string; name: string }>;
      }>("/api/units?limit=200");
      return body.items ?? body.units ?? [];
    },
    // Fetched even when the step lists its units: the choices show unit names, not codes.
    enabled: action.imputation !== null,
    retry: false,
    staleTime: 300_000,
  });

  // The definition's own list of units when it has one, else the organisation's (when listed).
  const unitNames = new Map((units.data ?? []).map((u) => [u.code, u.name]));
  const unitChoices = (action.imputationUnits ?? units.data?.map((u) => u.code) ?? []).map((code) => ({
    value: code,
    label: unitNames.has(code) ? `${unitNames.get(code)} (${code})` : code,
  }));

  // A document the step only consults, already on the case, needs no upload; any other may get one.
  const attached = (id: string) => (view?.attachments ?? []).some((a) => a.documentId === id);
  const produced = action.documents.filter((d) => !(d.kind === "requires" && attached(d.id)));
  const complete = useMutation({
    mutationFn: async () => {
      const form = Object.fromEntries(
        Object.entries(values).filter(([, v]) => v !== "" && v !== null && v !== undefined),
      );
      const choices = {
        ...(checked.length > 0 ? { checklist: checked } : {}),
        ...(outcome ? { outcome } : {}),
        ...(imputeTo && showImputation ? { imputeTo } : {}),
        ...(returns && reason.trim() ? { reason: reason.trim() } : {}),
      };
      if (!view) {
        if (!submitFirst) throw new Error("a first form needs submitFirst");
        const inline = [];
        for (const doc of produced) {
          const file = files[doc.id];
          if (!file) continue;
          inline.push({
            documentId: doc.id,
            fileName: file.name,
            ...(file.type ? { mediaType: file.type } : {}),
            contentBase64: await base64Of(file),
          });
        }
        return submitFirst({ form, ...choices, ...(inline.length > 0 ? { files: inline } : {}) });
      }
      const documents: Record<string, string> = {};
      // A consulted document already on the case (sent with the request) is named, not uploaded again.
      for (const doc of action.documents) {
        if (doc.kind !== "requires" || !attached(doc.id)) continue;
        const existing = view.attachments.filter((a) => a.documentId === doc.id).at(-1);
        if (existing) documents[doc.id] = existing.id;
      }
      for (const doc of produced) {
        const file = files[doc.id];
        if (!file) continue;
        const done = uploaded[doc.id];
        if (done && done.file === file) {
          documents[doc.id] = done.id;
          continue;
        }
        const stored = await api.upload<{ id: string }>(
          `/api/cases/${view.id}/attachments?fileName=${encodeURIComponent(file.name)}&documentId=${encodeURIComponent(doc.id)}`,
          file,
        );
        setUploaded((u) => ({ ...u, [doc.id]: { file, id: stored.id } }));
        documents[doc.id] = stored.id;
      }
      return api.post<CaseView>(`/api/tasks/${action.taskId}/actions`, {
        type: "complete",
        expectedVersion: view.version,
        form,
        ...(Object.keys(documents).length > 0 ? { documents } : {}),
        ...choices,
      });
    },
    onSuccess: (next) => {
      client.setQueryData(caseKey(next.id), next);
      void client.invalidateQueries({ queryKey: ["tasks"] });
      onDone(next);
    },
  });
  const error = complete.error;
  // A stale version means someone acted first: read the case again so the person sees it.
  if (view && error instanceof ApiError && error.status === 409)
    void client.invalidateQueries({ queryKey: caseKey(view.id) });

  const showImputation =
    action.imputation !== null && !(outcome && (action.imputationNotOn ?? []).includes(outcome));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Whoever receives the case back reads why in their inbox: a return without one is refused here.
    if (returns && reason.trim() === "") {
      setReasonMissing(true);
      return;
    }
    setReasonMissing(false);
    complete.mutate();
  };
  const fieldIds = [
    ...action.form.map((f) => f.id),
    ...action.documents.map((d) => d.id),
    "outcome",
    "reason",
    "imputeTo",
    "checklist",
  ];

  return (
    <form onSubmit={submit} noValidate aria-label={action.title} data-testid="step-form">
      <Stack gap="sm">
        {guidance && (
          <Text size="sm" c="dimmed" data-testid="step-guidance" style={{ whiteSpace: "pre-line" }}>
            {guidance}
          </Text>
        )}
        {!namesAField(error, fieldIds) && <ErrorNotice error={error} />}
        {action.form.map((field: FormField) => (
          <FieldInput
            key={field.id}
            field={field}
            value={values[field.id]}
            onChange={(v) => setValues((old) => ({ ...old, [field.id]: v }))}
            error={fieldError(error, field.id)}
          />
        ))}
        {action.outcomes.length > 0 && (
          <Radio.Group
            label={action.question ?? t("case.decision")}
            value={outcome}
            onChange={setOutcome}
            withAsterisk
            error={fieldError(error, "outcome")}
          >
            <Group mt={4} gap="md">
              {action.outcomes.map((o) => (
                <Radio key={o.id} value={o.id} label={o.label} />
              ))}
            </Group>
          </Radio.Group>
        )}
        {returns && (
          <Textarea
            label={t("case.returnReason")}
            description={t("case.returnReasonHelp")}
            withAsterisk
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonMissing ? t("case.returnReasonMissing") : fieldError(error, "reason")}
            data-testid="return-reason"
          />
        )}
        {showImputation &&
          (unitChoices.length > 0 ? (
            <NativeSelect
              label={action.imputation}
              withAsterisk
              data={[{ value: "", label: "—" }, ...unitChoices]}
              value={imputeTo}
              onChange={(e) => setImputeTo(e.currentTarget.value)}
              error={fieldError(error, "imputeTo")}
            />
          ) : (
            <TextInput
              label={action.imputation}
              description={t("case.unitCode")}
              withAsterisk
              value={imputeTo}
              onChange={(e) => setImputeTo(e.currentTarget.value.toUpperCase())}
              error={fieldError(error, "imputeTo")}
            />
          ))}
        {action.documents.map((doc) =>
          doc.kind === "requires" && attached(doc.id) ? (
            <Text key={doc.id} size="sm">
              {t("case.requiredDocument")} : {doc.title} ✓
            </Text>
          ) : (
            <Fieldset key={doc.id} legend={`${doc.title}${doc.required ? " *" : ""}`} p="xs">
              <Stack gap={4}>
                <label htmlFor={`file-${doc.id}`}>
                  <Text size="sm">{t("case.chooseFile")}</Text>
                </label>
                <input
                  id={`file-${doc.id}`}
                  type="file"
                  data-document={doc.id}
                  aria-invalid={fieldError(error, doc.id) ? true : undefined}
                  aria-describedby={fieldError(error, doc.id) ? `file-${doc.id}-error` : undefined}
                  onChange={(e) => {
                    // Read now: React empties the event's currentTarget before the updater runs.
                    const file = e.currentTarget.files?.[0] ?? null;
                    setFiles((before) => ({ ...before, [doc.id]: file }));
                  }}
                />
                {fieldError(error, doc.id) && (
                  <Text id={`file-${doc.id}-error`} c="red.9" size="sm">
                    {fieldError(error, doc.id)}
                  </Text>
                )}
                {(doc.checklist ?? []).map((item) => (
                  <Checkbox
                    key={item.id}
                    label={item.label}
                    checked={checked.includes(item.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setChecked((old) => (on ? [...old, item.id] : old.filter((x) => x !== item.id)));
                    }}
                  />
                ))}
              </Stack>
            </Fieldset>
          ),
        )}
        <Group>
          <Button type="submit" loading={complete.isPending}>
            {t("case.submitStep")}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A file's bytes in base64, as the first form sends them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
