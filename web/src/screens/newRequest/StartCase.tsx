import { Alert, Button, Fieldset, Group, List, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { useDefinition, useProcedures } from "../../api/hooks.js";
import type { CaseAction, CaseView } from "../../api/types.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDateTime } from "../../components/format.js";
import { type FirstFormPayload, StepForm } from "../case/StepForm.js";

type Complete = Extract<CaseAction, { type: "complete" }>;

/**
 * Starting a case: the procedure in brief, then its first step's form. Nothing exists on the
 * server until the form is submitted: the case, its registry number and its first tasks are
 * created then, and « Annuler » leaves nothing behind. An acknowledgement follows: the number,
 * who handles the case next, and by when.
 */
export function StartCase() {
  const { t } = useTranslation();
  const { procedureId } = useParams({ from: "/nouvelle-demande/$procedureId" });
  const definition = useDefinition(procedureId);
  const procedures = useProcedures();
  const navigate = useNavigate();
  // The object of the letter or request: what registers and searches show beside the number.
  const [title, setTitle] = useState("");
  const [opened, setOpened] = useState<CaseView | null>(null);
  // A letter's sender without an account (a ministry, a company): the case's requester, not the secretary.
  const [sender, setSender] = useState({ name: "", company: "", email: "", phone: "" });
  const def = definition.data;
  if (definition.error) return <ErrorNotice error={definition.error} />;
  if (!def) return <Text>{t("common.loading")}</Text>;
  const first = def.steps.find((s) => s.id === def.start);
  if (!first) return null;
  const summary = procedures.data?.find((p) => p.id === procedureId);
  if (!summary)
    return procedures.isPending ? (
      <Text>{t("common.loading")}</Text>
    ) : (
      <ErrorNotice error={procedures.error} />
    );
  if (!summary.mayStart)
    return (
      <Stack gap="sm" maw={760}>
        <Title order={1} size="h2">
          {def.title}
        </Title>
        <Alert color="red.9" variant="light" title={t("common.refused")}>
          {t("newRequest.notAllowed")}
        </Alert>
      </Stack>
    );

  // Someone who opens a case for its first actor (a secretary, a bureau's agent) gives the first
  // form's values only; the first actor decides and attaches the files.
  const whole = summary.completesFirstStep;
  const decision = whole ? first.decision : undefined;
  const action: Complete = {
    type: "complete",
    taskId: null,
    stepId: first.id,
    title: first.title,
    form: first.form ?? [],
    documents: whole ? (first.documents ?? []) : [],
    outcomes: decision && !decision.rule ? decision.outcomes.map((o) => ({ id: o.id, label: o.label })) : [],
    question: decision?.question ?? null,
    imputation: whole ? (first.imputation?.label ?? null) : null,
    imputationUnits: whole ? (first.imputation?.units ?? null) : null,
    imputationNotOn: whole ? (first.imputation?.notOn ?? []) : [],
    dueAt: null,
  };
  const submitFirst = ({ form, ...submit }: FirstFormPayload) =>
    api.post<CaseView>("/api/cases", {
      procedureId,
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(sender.name.trim()
        ? {
            externalRequester: Object.fromEntries(
              Object.entries(sender)
                .map(([k, v]) => [k, v.trim()])
                .filter(([, v]) => v !== ""),
            ),
          }
        : {}),
      data: form,
      submit,
    });
  const goToCase = (view: CaseView) =>
    void navigate({ to: "/dossiers/$caseId", params: { caseId: view.id } });

  return (
    <Stack gap="sm" maw={760}>
      <Title order={1} size="h2">
        {def.title}
      </Title>
      {def.purpose && !opened && <Text>{def.purpose}</Text>}
      {opened ? (
        <Acknowledgement view={opened} onOpen={() => goToCase(opened)} />
      ) : (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            {t("newRequest.firstStep")}
            {t("common.colon")}
            {first.title}
          </Title>
          {(first.documents ?? []).length > 0 && (
            <>
              <Text size="sm">{t("newRequest.documents")}</Text>
              <List size="sm" mb="xs">
                {(first.documents ?? []).map((d) => (
                  <List.Item key={d.id}>{d.title}</List.Item>
                ))}
              </List>
            </>
          )}
          <TextInput
            mb="sm"
            label={t("newRequest.caseTitle")}
            description={t("newRequest.caseTitleHint")}
            value={title}
            maxLength={300}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          {def.startableBy?.public && (
            <Fieldset legend={t("newRequest.sender.legend")} mb="sm" data-testid="external-sender">
              <Text size="sm" c="dimmed" mb="xs">
                {t("newRequest.sender.hint")}
              </Text>
              {(["name", "company", "email", "phone"] as const).map((key) => (
                <TextInput
                  key={key}
                  label={t(`newRequest.sender.${key}`)}
                  type={key === "email" ? "email" : key === "phone" ? "tel" : "text"}
                  value={sender[key]}
                  maxLength={key === "email" ? 320 : 200}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setSender((old) => ({ ...old, [key]: value }));
                  }}
                />
              ))}
            </Fieldset>
          )}
          <StepForm
            view={null}
            action={action}
            guidance={first.comment}
            submitFirst={submitFirst}
            onDone={setOpened}
            onCancel={() => void navigate({ to: "/nouvelle-demande" })}
          />
        </Paper>
      )}
    </Stack>
  );
}

/** What the person is told once the case exists: its number, who has it now, the délai. */
function Acknowledgement({ view, onOpen }: { view: CaseView; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-testid="acknowledgement">
      <Title order={2} size="h4" mb="xs">
        {t("newRequest.registered")}
      </Title>
      <Text>
        {t("newRequest.number")}
        {t("common.colon")}
        <Text span fw={700} data-testid="registry-number">
          {view.registryNumber}
        </Text>
      </Text>
      {view.status !== "active" && <Text>{t("newRequest.alreadyClosed")}</Text>}
      {view.currentSteps.map((step) => {
        const who =
          step.heldBy?.person?.name ??
          [step.heldBy?.roleTitle ?? step.actorTitle, step.heldBy?.unitName].filter(Boolean).join(", ");
        return (
          <Text key={step.stepId}>
            {t("newRequest.next", { step: step.title, who: who || "—" })}
            {step.dueAt && ` ${t("newRequest.due", { date: formatDateTime(step.dueAt) })}`}
          </Text>
        );
      })}
      <Group mt="md">
        <Button onClick={onOpen}>{t("newRequest.openCase")}</Button>
      </Group>
    </Paper>
  );
}
