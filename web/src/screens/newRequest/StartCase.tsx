import { Button, List, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { caseKey, useDefinition } from "../../api/hooks.js";
import type { CaseView } from "../../api/types.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { StepForm } from "../case/StepForm.js";

/**
 * Starting a case: the procedure in brief, then its first step's form. The case exists (and has
 * its registry number) once started; the first step is completed with the form.
 */
export function StartCase() {
  const { t } = useTranslation();
  const { procedureId } = useParams({ from: "/nouvelle-demande/$procedureId" });
  const definition = useDefinition(procedureId);
  const client = useQueryClient();
  const navigate = useNavigate();
  // The object of the letter or request: what registers and searches show beside the number.
  const [title, setTitle] = useState("");
  const start = useMutation({
    mutationFn: () =>
      api.post<CaseView>("/api/cases", { procedureId, ...(title.trim() ? { title: title.trim() } : {}) }),
    onSuccess: (view) => client.setQueryData(caseKey(view.id), view),
  });
  const def = definition.data;
  if (definition.error) return <ErrorNotice error={definition.error} />;
  if (!def) return <Text>{t("common.loading")}</Text>;
  const first = def.steps.find((s) => s.id === def.start);
  const view = start.data ? (client.getQueryData<CaseView>(caseKey(start.data.id)) ?? start.data) : null;
  const action = view?.actions.find((a) => a.type === "complete");
  const goToCase = () => view && void navigate({ to: "/dossiers/$caseId", params: { caseId: view.id } });

  return (
    <Stack gap="sm" maw={760}>
      <Title order={1} size="h2">
        {def.title}
      </Title>
      {def.purpose && <Text>{def.purpose}</Text>}
      {!view && (
        <Paper withBorder p="md">
          <Text fw={600}>
            {t("newRequest.firstStep")} : {first?.title}
          </Text>
          {(first?.documents ?? []).length > 0 && (
            <>
              <Text size="sm" mt="xs">
                {t("newRequest.documents")}
              </Text>
              <List size="sm">
                {(first?.documents ?? []).map((d) => (
                  <List.Item key={d.id}>{d.title}</List.Item>
                ))}
              </List>
            </>
          )}
          <TextInput
            mt="sm"
            label={t("newRequest.caseTitle")}
            description={t("newRequest.caseTitleHint")}
            value={title}
            maxLength={300}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <ErrorNotice error={start.error} />
          <Button mt="md" onClick={() => start.mutate()} loading={start.isPending}>
            {t("newRequest.start")}
          </Button>
        </Paper>
      )}
      {view && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs" data-testid="registry-number">
            {view.registryNumber} — {action?.type === "complete" ? action.title : ""}
          </Title>
          {action?.type === "complete" ? (
            <StepForm view={view} action={action} onDone={goToCase} />
          ) : (
            <Button onClick={goToCase}>{t("newRequest.openCase")}</Button>
          )}
        </Paper>
      )}
    </Stack>
  );
}
