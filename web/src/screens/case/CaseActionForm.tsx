import { Button, Group, NativeSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { caseKey } from "../../api/hooks.js";
import type { CaseAction, CaseView } from "../../api/types.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";

/** The actions other than completing a step: send back, set the délai, reassign, cancel. */
export function CaseActionForm({
  view,
  action,
  stepTitle,
  onDone,
}: {
  view: CaseView;
  action: Exclude<CaseAction, { type: "complete" } | { type: "comment" } | { type: "take" }>;
  stepTitle: (id: string | null) => string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [toStepId, setToStepId] = useState(
    action.type === "send_back" ? (action.toStepIds.at(-1) ?? "") : "",
  );
  const [reason, setReason] = useState("");
  const [dueAt, setDueAt] = useState("");
  const [toUserId, setToUserId] = useState("");
  const act = useMutation({
    mutationFn: () => {
      const expectedVersion = view.version;
      switch (action.type) {
        case "cancel":
          return api.post<CaseView>(`/api/cases/${view.id}/actions`, {
            type: "cancel",
            expectedVersion,
            reason,
          });
        case "send_back":
          return api.post<CaseView>(`/api/tasks/${action.taskId}/actions`, {
            type: "send_back",
            expectedVersion,
            toStepId,
            reason,
          });
        case "set_deadline":
          return api.post<CaseView>(`/api/tasks/${action.taskId}/actions`, {
            type: "set_deadline",
            expectedVersion,
            dueAt: dueAt ? new Date(dueAt).toISOString() : "",
            ...(reason ? { note: reason } : {}),
          });
        case "reassign":
          return api.post<CaseView>(`/api/tasks/${action.taskId}/actions`, {
            type: "reassign",
            expectedVersion,
            toUserId,
            ...(reason ? { reason } : {}),
          });
      }
    },
    onSuccess: (next) => {
      client.setQueryData(caseKey(view.id), next);
      void client.invalidateQueries({ queryKey: ["tasks"] });
      onDone();
    },
  });
  const error = act.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    act.mutate();
  };
  const reasonLabel = action.type === "set_deadline" ? t("case.note") : t("case.reason");
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {!namesAField(error, ["toStepId", "reason", "dueAt", "toUserId", "note"]) && (
          <ErrorNotice error={error} />
        )}
        {action.type === "send_back" && action.toStepIds.length > 1 && (
          <NativeSelect
            label={t("case.sendBackTo")}
            data={action.toStepIds.map((id) => ({ value: id, label: stepTitle(id) }))}
            value={toStepId}
            onChange={(e) => setToStepId(e.currentTarget.value)}
            error={fieldError(error, "toStepId")}
          />
        )}
        {action.type === "set_deadline" && (
          <TextInput
            type="datetime-local"
            label={t("case.newDueDate")}
            withAsterisk
            value={dueAt}
            onChange={(e) => setDueAt(e.currentTarget.value)}
            error={fieldError(error, "dueAt")}
          />
        )}
        {action.type === "reassign" && (
          <TextInput
            label={t("case.reassignTo")}
            withAsterisk
            value={toUserId}
            onChange={(e) => setToUserId(e.currentTarget.value)}
            error={fieldError(error, "toUserId")}
          />
        )}
        <Textarea
          label={reasonLabel}
          withAsterisk={action.type === "cancel" || action.type === "send_back"}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(error, "reason") ?? fieldError(error, "note")}
        />
        <Group>
          <Button
            type="submit"
            loading={act.isPending}
            color={action.type === "cancel" ? "red.9" : undefined}
          >
            {t("common.confirm")}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
