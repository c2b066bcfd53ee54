import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useParams } from "@tanstack/react-router";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCase, useDefinition } from "../../api/hooks.js";
import type { CaseAction, CaseView } from "../../api/types.js";
import { Diagram } from "../../components/Diagram.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { dueState, formatDateTime } from "../../components/format.js";
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
  const actions = view.actions.filter((a) => a.type !== "comment");
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
        </div>
        <Group className="lg-noprint">
          <Button variant="default" onClick={() => window.print()}>
            {t("case.print")}
          </Button>
        </Group>
      </Group>

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
            {actions.map((action, index) => (
              <Button
                key={`${action.type}-${"taskId" in action ? action.taskId : ""}`}
                variant={action.type === "complete" ? "filled" : "default"}
                aria-expanded={open === index}
                onClick={() => setOpen(open === index ? null : index)}
              >
                {actionLabel(t, action, stepTitle)}
              </Button>
            ))}
          </Group>
        )}
        {open !== null && actions[open] && (
          <Paper withBorder p="md" mt="sm">
            <Title order={3} size="h5" mb="sm">
              {actionLabel(t, actions[open], stepTitle)}
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
  if (action.type === "comment") return null;
  return <CaseActionForm view={view} action={action} stepTitle={stepTitle} onDone={onDone} />;
}

function actionLabel(t: TFunction, action: CaseAction, stepTitle: (id: string | null) => string): string {
  switch (action.type) {
    case "complete":
      return action.title;
    case "send_back":
      return t("case.action.send_back", { step: stepTitle(action.stepId) });
    case "set_deadline":
      return t("case.action.set_deadline", { step: stepTitle(action.stepId) });
    case "reassign":
      return t("case.action.reassign", { step: stepTitle(action.stepId) });
    default:
      return t(`case.action.${action.type}`);
  }
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
