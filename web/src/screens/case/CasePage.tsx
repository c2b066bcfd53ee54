import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { caseKey, useCase, useDefinition } from "../../api/hooks.js";
import type { CaseAction, CaseView } from "../../api/types.js";
import { Diagram } from "../../components/Diagram.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { dueState, formatDateTime, formatWaiting } from "../../components/format.js";
import { CaseActionForm } from "./CaseActionForm.js";
import { Comments } from "./Comments.js";
import { Documents } from "./Documents.js";
import { PortalThread } from "./PortalThread.js";
import { StepForm } from "./StepForm.js";
import { Timeline } from "./Timeline.js";

/** A case: where it stands, its logigramme, what I may do now, its history, documents and comments. */
export function CasePage() {
  const { t } = useTranslation();
  const { caseId } = useParams({ from: "/dossiers/$caseId" });
  const query = useCase(caseId);
  const view = query.data;
  const definition = useDefinition(view?.procedure.id);
  const [open, setOpen] = useState<number | null>(null);

  if (query.error) return <ErrorNotice error={query.error} />;
  if (!view) return <Text>{t("common.loading")}</Text>;

  const stepTitle = (id: string | null) =>
    (id && definition.data?.steps.find((s) => s.id === id)?.title) || id || "—";
  const actorTitle = (code: string) => definition.data?.actors[code]?.title ?? code;
  // One send-back button per step the case may go back to, each naming it and who did it.
  const actions = view.actions
    .filter((a) => a.type !== "comment")
    .flatMap((a): CaseAction[] =>
      a.type === "send_back" ? a.toStepIds.map((id) => ({ ...a, toStepIds: [id] })) : [a],
    );
  const lastActorOf = (stepId: string) =>
    view.history.findLast((e) => e.type === "step_completed" && e.stepBefore === stepId)?.actorName ?? null;
  const due =
    view.currentSteps
      .map((s) => s.dueAt)
      .filter(Boolean)
      .sort()[0] ?? null;
  const late = dueState(due) === "late";
  // Who holds each current step: a named person, else the role in its unit.
  const holders = view.currentSteps
    .map((s) => {
      const h = s.heldBy;
      if (h?.person) return h.person.name;
      const role = h?.roleTitle ?? s.actorTitle ?? (s.actorCode ? actorTitle(s.actorCode) : null);
      return [role, h?.unitName].filter(Boolean).join(" — ");
    })
    .filter(Boolean);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="start" wrap="wrap">
        <div>
          <Title order={1} size="h2" data-testid="registry-number">
            {view.registryNumber}
          </Title>
          <Text>
            {view.procedure.title} — {t("case.version", { version: view.procedure.version })}
          </Text>
          {view.title && (
            <Text fw={600} data-testid="case-title">
              {view.title}
            </Text>
          )}
          <Text size="sm">
            {t("case.requester")} : <span data-testid="requester">{view.requester.name}</span>
            {view.imputedUnit ? ` · ${t("registers.imputedTo")} : ${view.imputedUnit.name}` : ""}
          </Text>
          <Text size="sm" data-testid="case-age">
            {t("case.openedOn")} {formatDateTime(view.createdAt)}
            {view.status === "active" ? ` · ${t("case.age", { age: formatWaiting(view.createdAt) })}` : ""}
          </Text>
        </div>
        <Group className="lg-noprint">
          <Button variant="default" onClick={() => window.print()}>
            {t("case.print")}
          </Button>
        </Group>
      </Group>

      {view.currentSteps
        .filter((step) => step.returned)
        .map((step) => (
          <Alert key={step.stepId} color="orange" variant="light" data-testid="case-returned">
            {t("case.returned", {
              who: step.returned?.byName ?? t("case.returnedBySomeone"),
              step: step.returned?.fromStepTitle ?? stepTitle(step.returned?.fromStepId ?? null),
              at: formatDateTime(step.returned?.at),
              reason: step.returned?.reason,
            })}
          </Alert>
        ))}

      <Paper withBorder p="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <div>
            <Text size="xs" c="dimmed">
              {t("case.status")}
            </Text>
            <Badge data-testid="case-status" color={view.status === "active" ? "blue.8" : "gray.8"}>
              {t(`status.${view.status}`, { defaultValue: view.status })}
            </Badge>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t("case.currentStep")}
            </Text>
            <Text data-testid="current-step">{view.currentSteps.map((s) => s.title).join(", ") || "—"}</Text>
            {view.currentSteps.map((s) =>
              s.calls ? (
                <Text key={`${s.stepId}-calls`} size="sm" data-testid="current-step-calls">
                  {t("case.waitsFor", { procedure: s.calls })}
                </Text>
              ) : null,
            )}
            {view.currentSteps.map((s) =>
              s.mark ? (
                <Text key={`${s.stepId}-mark`} size="sm" fs="italic" data-testid="current-step-mark">
                  {t(`case.mark.${s.mark.kind}`)} : {s.mark.note}
                </Text>
              ) : null,
            )}
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t("case.heldBy")}
            </Text>
            <Text data-testid="held-by">{holders.join(", ") || "—"}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              {t("case.due")}
            </Text>
            <Text c={late ? "red.9" : undefined} fw={late ? 700 : 400}>
              {formatDateTime(due)} {late ? `· ${t("inbox.due.late")}` : ""}
            </Text>
            <Text size="xs" c="dimmed">
              {t("case.businessDays")}
            </Text>
          </div>
        </SimpleGrid>
      </Paper>

      <section aria-labelledby="actions-title" className="lg-noprint">
        <Title order={2} size="h4" id="actions-title" mb="xs">
          {t("case.actions")}
        </Title>
        {actions.length === 0 ? (
          <Text data-testid="no-actions">{t("case.noActions")}</Text>
        ) : (
          <Group gap="xs" wrap="wrap">
            {actions.map((action, index) =>
              action.type === "take" ? (
                <TakeButton
                  key={`take-${action.taskId}`}
                  view={view}
                  taskId={action.taskId}
                  label={t("case.action.take", { step: stepTitle(action.stepId) })}
                />
              ) : (
                <Button
                  key={`${action.type}-${"taskId" in action ? action.taskId : ""}-${action.type === "send_back" ? action.toStepIds[0] : ""}`}
                  variant={action.type === "complete" ? "filled" : "default"}
                  aria-expanded={open === index}
                  onClick={() => setOpen(open === index ? null : index)}
                >
                  {actionLabel(t, action, stepTitle, lastActorOf)}
                </Button>
              ),
            )}
          </Group>
        )}
        {open !== null && actions[open] && (
          <Paper withBorder p="md" mt="sm">
            <Title order={3} size="h5" mb="sm">
              {actionLabel(t, actions[open], stepTitle, lastActorOf)}
            </Title>
            <ActionPanel
              key={`${view.version}-${open}`}
              view={view}
              action={actions[open]}
              stepTitle={stepTitle}
              guidance={(stepId) => definition.data?.steps.find((s) => s.id === stepId)?.comment}
              onDone={() => setOpen(null)}
            />
          </Paper>
        )}
      </section>

      <section aria-labelledby="diagram-title">
        <Title order={2} size="h4" id="diagram-title" mb="xs">
          {t("case.logigramme")}
        </Title>
        <Diagram
          sources={[
            `/api/cases/${view.id}/diagram.svg?v=${view.version}`,
            `/api/procedures/${view.procedure.id}/diagram.svg`,
          ]}
          alt={t("case.diagramAlt", {
            procedure: view.procedure.title,
            steps: view.currentSteps.map((s) => s.title).join(", ") || "—",
          })}
        />
      </section>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <section aria-labelledby="timeline-title">
          <Title order={2} size="h4" id="timeline-title" mb="xs">
            {t("case.timeline")}
          </Title>
          <Timeline view={view} stepTitle={stepTitle} actorTitle={actorTitle} definition={definition.data} />
        </section>
        <Stack gap="md">
          <section aria-labelledby="data-title">
            <Title order={2} size="h4" id="data-title" mb="xs">
              {t("case.data")}
            </Title>
            <CaseData view={view} labelOf={(id) => fieldLabel(definition.data, id)} />
          </section>
          <section aria-labelledby="documents-title">
            <Title order={2} size="h4" id="documents-title" mb="xs">
              {t("case.documents")}
            </Title>
            <Documents view={view} />
          </section>
          <section aria-labelledby="comments-title">
            <Title order={2} size="h4" id="comments-title" mb="xs">
              {t("case.comments")}
            </Title>
            <Comments view={view} />
          </section>
          {view.requester.external && <PortalThread caseId={view.id} active={view.status === "active"} />}
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function fieldLabel(
  def: { steps: Array<{ form?: Array<{ id: string; label: string }> }> } | undefined,
  id: string,
) {
  for (const step of def?.steps ?? []) {
    const field = step.form?.find((f) => f.id === id);
    if (field) return field.label;
  }
  return id;
}

function ActionPanel({
  view,
  action,
  stepTitle,
  guidance,
  onDone,
}: {
  view: CaseView;
  action: CaseAction;
  stepTitle: (id: string | null) => string;
  guidance: (stepId: string) => string | undefined;
  onDone: () => void;
}) {
  if (action.type === "complete")
    return (
      <StepForm
        view={view}
        action={action}
        onDone={onDone}
        onCancel={onDone}
        guidance={guidance(action.stepId)}
      />
    );
  if (action.type === "comment" || action.type === "take") return null;
  return <CaseActionForm view={view} action={action} stepTitle={stepTitle} onDone={onDone} />;
}

function actionLabel(
  t: TFunction,
  action: CaseAction,
  stepTitle: (id: string | null) => string,
  lastActorOf: (stepId: string) => string | null,
): string {
  switch (action.type) {
    case "complete":
      return action.title;
    case "send_back": {
      const target = action.toStepIds[0] ?? null;
      const person = target ? lastActorOf(target) : null;
      return person
        ? t("case.sendBackTargetPerson", { step: stepTitle(target), person })
        : t("case.sendBackTarget", { step: stepTitle(target) });
    }
    case "set_deadline":
      return t("case.action.set_deadline", { step: stepTitle(action.stepId) });
    case "reassign":
      return t("case.action.reassign", { step: stepTitle(action.stepId) });
    default:
      return t(`case.action.${action.type}`);
  }
}

/** « Prendre en charge »: one click, no form; the task becomes the person's and leaves the queue. */
function TakeButton({ view, taskId, label }: { view: CaseView; taskId: string | null; label: string }) {
  const client = useQueryClient();
  const take = useMutation({
    mutationFn: () =>
      api.post<CaseView>(`/api/tasks/${taskId}/actions`, { type: "take", expectedVersion: view.version }),
    onSuccess: (next) => {
      client.setQueryData(caseKey(view.id), next);
      void client.invalidateQueries({ queryKey: ["tasks"] });
    },
  });
  return (
    <>
      <Button variant="light" loading={take.isPending} onClick={() => take.mutate()}>
        {label}
      </Button>
      <ErrorNotice error={take.error} />
    </>
  );
}

function CaseData({ view, labelOf }: { view: CaseView; labelOf: (id: string) => string }) {
  const entries = Object.entries(view.data);
  if (entries.length === 0) return <Text c="dimmed">—</Text>;
  return (
    <Table verticalSpacing={2}>
      <Table.Tbody>
        {entries.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Th scope="row" fw={500}>
              {labelOf(key)}
            </Table.Th>
            <Table.Td>{typeof value === "boolean" ? (value ? "Oui" : "Non") : String(value ?? "—")}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
