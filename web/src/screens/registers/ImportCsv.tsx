import { Alert, Button, Card, FileInput, Group, SegmentedControl, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { bilingual } from "../../components/format.js";
import { type ImportProblem, type RegisterDefinition, registerKeys } from "./registerApi.js";

/**
 * Imports a CSV file into the register, all or nothing: the file the export gives (edited) or
 * one with the same columns. A refused file lists every wrong line and column.
 */
export function ImportCsv({ def, onDone }: { def: RegisterDefinition; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  // A register that declares a GLPI mapping also takes GLPI's own export.
  const [source, setSource] = useState<"register" | "glpi">("register");
  const upload = useMutation({
    mutationFn: (csv: File) =>
      api.upload<{ created: number; updated: number; ignoredColumns?: string[] }>(
        `/api/registers/${encodeURIComponent(def.id)}/import${source === "glpi" ? "/glpi" : ""}`,
        csv,
        "text/csv",
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: registerKeys.entries(def.id) });
      onDone();
    },
  });
  const problems: ImportProblem[] =
    upload.error instanceof ApiError
      ? ((upload.error.raw as { problems?: ImportProblem[] } | null)?.problems ?? [])
      : [];
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="import-title" className="lg-noprint">
      <Stack gap="xs">
        <Text id="import-title" fw={600}>
          {t("registerBook.import.title")}
        </Text>
        {def.glpi && (
          <SegmentedControl
            aria-label={t("registerBook.import.source")}
            value={source}
            onChange={(v) => {
              setSource(v === "glpi" ? "glpi" : "register");
              upload.reset();
            }}
            data={[
              { value: "register", label: t("registerBook.import.fromRegister") },
              { value: "glpi", label: t("registerBook.import.fromGlpi") },
            ]}
            maw={420}
          />
        )}
        <Text size="sm" c="dimmed">
          {source === "glpi" ? t("registerBook.import.glpiHint") : t("registerBook.import.hint")}
        </Text>
        <Group align="end" gap="sm" wrap="wrap">
          <FileInput
            label={t("registerBook.import.file")}
            accept=".csv,text/csv"
            value={file}
            onChange={setFile}
            miw={260}
          />
          <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file)}>
            {t("registerBook.import.submit")}
          </Button>
        </Group>
        {upload.isSuccess && (
          <Alert color="green" role="status">
            {t("registerBook.import.done", { created: upload.data.created, updated: upload.data.updated })}
            {upload.data.ignoredColumns && upload.data.ignoredColumns.length > 0
              ? ` ${t("registerBook.import.ignored", { columns: upload.data.ignoredColumns.join(", ") })}`
              : ""}
          </Alert>
        )}
        <ErrorNotice error={upload.error} />
        {problems.length > 0 && (
          <Table.ScrollContainer minWidth={480}>
            <Table
              striped
              verticalSpacing={2}
              aria-label={t("registerBook.import.problems")}
              data-testid="import-problems"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("registerBook.import.line")}</Table.Th>
                  <Table.Th>{t("registerBook.import.column")}</Table.Th>
                  <Table.Th>{t("registerBook.import.problem")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.map((p) => (
                  <Table.Tr key={`${p.line}-${p.column ?? ""}-${p.message.en}`}>
                    <Table.Td>{p.line}</Table.Td>
                    <Table.Td>{p.column ?? "—"}</Table.Td>
                    <Table.Td style={{ whiteSpace: "normal" }}>{bilingual(p.message)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
