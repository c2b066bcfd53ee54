import { Alert, Button, Group, List, NativeSelect, Stack, Text, Textarea, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { importedDefinition, importRefusal } from "../../../../shared/api/catalogAdmin.js";
import { ApiError, api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { bilingual } from "../../components/format.js";

type Imported = z.infer<typeof importedDefinition>;
type Refusal = z.infer<typeof importRefusal>;

/** An editor imports a new version (YAML or BPMN) as a draft; the validator's problems are listed by line. */
export function ImportVersion() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [format, setFormat] = useState<"yaml" | "bpmn">("yaml");
  const [content, setContent] = useState("");
  const upload = useMutation({
    mutationFn: () => api.post<Imported>("/api/procedures/import", { format, content }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["versions"] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate();
  };
  const problems =
    upload.error instanceof ApiError ? ((upload.error.raw as Refusal | null)?.problems ?? []) : [];
  return (
    <form onSubmit={submit} aria-labelledby="import-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="import-title">
          {t("catalog.import.title")}
        </Title>
        <Group align="end" gap="sm">
          <NativeSelect
            label={t("catalog.import.format")}
            data={[
              { value: "yaml", label: "YAML" },
              { value: "bpmn", label: "BPMN 2.0" },
            ]}
            value={format}
            onChange={(e) => setFormat(e.currentTarget.value === "bpmn" ? "bpmn" : "yaml")}
          />
          <div>
            <label htmlFor="import-file">
              <Text size="sm" fw={500}>
                {t("catalog.import.file")}
              </Text>
            </label>
            <input
              id="import-file"
              type="file"
              accept=".yaml,.yml,.bpmn,.xml"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                if (file) void file.text().then(setContent);
              }}
            />
          </div>
        </Group>
        <Textarea
          label={t("catalog.import.content")}
          value={content}
          onChange={(e) => setContent(e.currentTarget.value)}
          autosize
          minRows={4}
          maxRows={16}
          styles={{ input: { fontFamily: "monospace" } }}
        />
        <ErrorNotice error={upload.error} />
        {problems.length > 0 && (
          <List size="sm" data-testid="import-problems">
            {problems.map((p) => (
              <List.Item key={`${p.code}-${p.path.join(".")}-${p.line}-${p.column}-${p.elementId}`}>
                {p.line !== null
                  ? `${t("catalog.import.line", { line: p.line, column: p.column ?? 1 })} — `
                  : ""}
                {p.elementId ? `${p.elementId} — ` : ""}
                {bilingual(p.message)}
              </List.Item>
            ))}
          </List>
        )}
        {upload.data && (
          <Alert color="green" role="status">
            {t("catalog.import.done", { id: upload.data.version.id, version: upload.data.version.version })}
            {upload.data.warnings.map((w) => ` ${bilingual(w)}`).join("")}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={upload.isPending} disabled={!content.trim()}>
            {t("catalog.import.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
