import { Anchor, Badge, Button, Group, Image, Paper, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CaseDocument, CaseDocuments, IssueRequestView } from "../../../../shared/api/documents.js";
import { api } from "../../api/client.js";
import { caseKey } from "../../api/hooks.js";
import type { CaseView } from "../../api/types.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDateTime, formatSize } from "../../components/format.js";

// pdf.js weighs several hundred kilobytes: loaded only when someone opens a PDF preview.
const PdfPreview = lazy(() => import("./PdfPreview.js"));

const documentsKey = (caseId: string) => ["case-documents", caseId] as const;

/**
 * The case's documents, by their titles: « Aperçu » shows a PDF (pdf.js) or an image in the page
 * instead of downloading it; the official documents the procedure writes are issued from here, and
 * the case's summary (fiche de suivi) printed.
 */
export function Documents({ view }: { view: CaseView }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [previewed, setPreviewed] = useState<string | null>(null);
  const query = useQuery({
    queryKey: [...documentsKey(view.id), view.version],
    queryFn: () => api.get<CaseDocuments>(`/api/cases/${view.id}/documents`),
    // A document asked for is drawn by a background job: look again until it is attached.
    refetchInterval: (q) => (q.state.data?.pending.some((p) => p.status !== "dead") ? 1500 : false),
  });
  const issue = useMutation({
    mutationFn: (documentId: string) =>
      api.post<IssueRequestView>(`/api/cases/${view.id}/documents/${encodeURIComponent(documentId)}/issue`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: caseKey(view.id) });
      await client.invalidateQueries({ queryKey: documentsKey(view.id) });
    },
  });
  if (query.error) return <ErrorNotice error={query.error} />;
  const docs = query.data;
  const items = docs?.items ?? [];
  const ready = (docs?.templates ?? []).filter((x) => x.ready);
  const shown = items.find((d) => d.id === previewed) ?? null;
  const lang = i18n.language.startsWith("en") ? "en" : "fr";

  return (
    <Stack gap="xs">
      {items.length === 0 ? (
        <Text c="dimmed">{t("case.noDocuments")}</Text>
      ) : (
        <Table verticalSpacing={2} data-testid="documents">
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  <Text size="sm" fw={500} data-testid="document-title">
                    {d.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {d.fileName} · {formatSize(d.size)} · {formatDateTime(d.uploadedAt)}
                  </Text>
                  {d.issued && (
                    <Group gap={4}>
                      <Badge size="xs" color="teal.9" variant="outline">
                        {t("documents.verifiable")}
                      </Badge>
                      <Anchor size="xs" href={d.issued.url} target="_blank" rel="noopener">
                        {t("documents.verifyCode", { code: d.issued.code })}
                      </Anchor>
                    </Group>
                  )}
                </Table.Td>
                <Table.Td className="lg-noprint" style={{ whiteSpace: "nowrap" }}>
                  {d.previewable && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      aria-expanded={previewed === d.id}
                      aria-controls="document-preview"
                      onClick={() => setPreviewed(previewed === d.id ? null : d.id)}
                    >
                      {previewed === d.id ? t("documents.closePreview") : t("documents.preview")}
                    </Button>
                  )}
                  <Anchor size="xs" href={`/api/attachments/${d.id}`} download={d.fileName} ml="xs">
                    {t("documents.download")}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {shown && <Preview doc={shown} />}
      <Group gap="xs" className="lg-noprint">
        {ready.map((x) => (
          <Button
            key={x.documentId}
            size="xs"
            variant="light"
            loading={issue.isPending && issue.variables === x.documentId}
            onClick={() => issue.mutate(x.documentId)}
          >
            {t("documents.issue", { title: x.title })}
          </Button>
        ))}
        <Button
          size="xs"
          variant="default"
          component="a"
          href={`/api/cases/${view.id}/summary.pdf?lang=${lang}`}
          target="_blank"
          rel="noopener"
        >
          {t("documents.summary")}
        </Button>
      </Group>
      {issue.error && <ErrorNotice error={issue.error} />}
      {(docs?.pending ?? []).map((p) => {
        const title = docs?.templates.find((x) => x.documentId === p.documentId)?.title ?? p.documentId;
        return (
          <Text key={p.code} size="sm" role="status" c={p.status === "dead" ? "red.8" : undefined}>
            {t(p.status === "dead" ? "documents.issueFailed" : "documents.issuing", { title, code: p.code })}
          </Text>
        );
      })}
      {issue.isSuccess && items.some((d) => d.issued?.code === issue.data.code) && (
        <Text size="sm" role="status" fw={600}>
          {t("documents.issued", {
            title: items.find((d) => d.issued?.code === issue.data.code)?.title ?? "",
          })}
        </Text>
      )}
    </Stack>
  );
}

function Preview({ doc }: { doc: CaseDocument }) {
  const { t } = useTranslation();
  const url = `/api/attachments/${doc.id}`;
  return (
    <Paper
      withBorder
      p="xs"
      id="document-preview"
      role="region"
      aria-label={t("documents.previewOf", { title: doc.title })}
      data-testid="document-preview"
    >
      {doc.mediaType === "application/pdf" ? (
        <Suspense fallback={<Text size="sm">{t("documents.loadingPreview")}</Text>}>
          <PdfPreview url={url} title={doc.title} />
        </Suspense>
      ) : (
        <Image src={url} alt={doc.title} fit="contain" mah={600} />
      )}
    </Paper>
  );
}
