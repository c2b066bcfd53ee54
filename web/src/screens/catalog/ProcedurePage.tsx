import { Alert, Stack, Table, Text, Title } from "@mantine/core";
import { useParams } from "@tanstack/react-router";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useDefinition } from "../../api/hooks.js";
import type { ProcedureDefinition } from "../../api/types.js";
import { Diagram } from "../../components/Diagram.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";

/** One procedure: its logigramme, actors, and table of steps with documents and délais. */
export function ProcedurePage() {
  const { t } = useTranslation();
  const { procedureId } = useParams({ from: "/catalogue/$procedureId" });
  const definition = useDefinition(procedureId);
  const def = definition.data;
  if (definition.error) return <ErrorNotice error={definition.error} />;
  if (!def) return <Text>{t("common.loading")}</Text>;
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {def.title}
      </Title>
      <Text>
        {t("catalog.version")} {def.version} · {def.source.reference ?? def.source.document}
      </Text>
      {def.reconstructed && (
        <Alert color="yellow" title={t("catalog.reconstructed")}>
          {def.reconstructionNote}
        </Alert>
      )}
      <Diagram
        sources={[`/api/procedures/${def.id}/diagram.svg`]}
        alt={t("catalog.diagramAlt", { procedure: def.title })}
      />
      <Title order={2} size="h4">
        {t("catalog.steps")}
      </Title>
      <Table.ScrollContainer minWidth={700}>
        <Table striped verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t("catalog.step")}</Table.Th>
              <Table.Th>{t("catalog.actor")}</Table.Th>
              <Table.Th>{t("case.documents")}</Table.Th>
              <Table.Th>{t("catalog.deadline")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {def.steps.map((s, i) => (
              <Table.Tr key={s.id}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>{s.title}</Table.Td>
                <Table.Td>{def.actors[s.actor]?.title ?? s.actor}</Table.Td>
                <Table.Td>{(s.documents ?? []).map((d) => d.title).join(" ; ") || "—"}</Table.Td>
                <Table.Td>{deadlineText(t, s.deadline)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function deadlineText(t: TFunction, deadline: ProcedureDefinition["steps"][number]["deadline"]): string {
  if (!deadline) return "—";
  if ("businessDays" in deadline) return t("catalog.businessDays", { count: deadline.businessDays });
  if ("hours" in deadline) return t("catalog.hours", { count: deadline.hours });
  if ("calendarDays" in deadline) return t("catalog.calendarDays", { count: deadline.calendarDays });
  if ("months" in deadline) return t("catalog.months", { count: deadline.months });
  return deadline.note ?? t("catalog.setWhenActing");
}
