import { Alert, Stack, Table, Text, Title } from "@mantine/core";
import { useParams } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useProcedureVersion } from "../../api/hooks.js";
import { Diagram } from "../../components/Diagram.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { bilingual } from "../../components/format.js";
import { Versions } from "./Versions.js";

/** One procedure: its logigramme, actors, and table of steps with documents and délais. */
export function ProcedurePage() {
  const { t } = useTranslation();
  const { procedureId } = useParams({ from: "/catalogue/$procedureId" });
  const query = useProcedureVersion(procedureId);
  const view = query.data;
  if (query.error) return <ErrorNotice error={query.error} />;
  if (!view) return <Text>{t("common.loading")}</Text>;
  const def = view.definition;
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {def.title}
      </Title>
      <Text>
        {t("catalog.version")} {def.version} · {bilingual(view.deadlineSummary)} ·{" "}
        {def.source.reference ?? def.source.document}
      </Text>
      {view.expired && (
        <Alert color="red" title={t("catalog.expired")}>
          {t("catalog.expiredSince", { date: view.revisionDate ?? "" })}
        </Alert>
      )}
      {def.reconstructed && (
        <Alert color="yellow" title={t("catalog.reconstructed")}>
          {def.reconstructionNote}
        </Alert>
      )}
      <Diagram
        sources={[`/api/procedures/${def.id}/diagram.svg`]}
        alt={t("catalog.diagramAlt", { procedure: def.title })}
      />
      <Versions procedureId={def.id} />
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
            {view.steps.map((s, i) => (
              <Table.Tr key={s.id}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>
                  {s.title}
                  {s.question && (
                    <Text size="xs" c="dimmed">
                      {s.question}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>{s.actor.title}</Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>
                  {s.documents.map((d) => d.title).join(" ; ") || "—"}
                </Table.Td>
                <Table.Td>{s.deadline ? bilingual(s.deadline) : "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
