import { Button, Code, Loader, NativeSelect, Table, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { JobStatusName, JobView } from "../../../../shared/api/jobs.js";
import { api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDateTime } from "../../components/format.js";

// Typed against the server's list without bundling zod: a new status fails the type check here.
const STATUS_CHOICES: Record<JobStatusName, true> = { dead: true, queued: true, running: true, done: true };
const statuses = Object.keys(STATUS_CHOICES) as JobStatusName[];

/** Background jobs (« Tâches système »): dead ones first, with their last error and a retry button. */
export function Jobs() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [status, setStatus] = useState<JobStatusName>("dead");
  const jobs = useQuery({
    queryKey: ["admin", "jobs", status],
    queryFn: async () => (await api.get<{ items: JobView[] }>(`/api/jobs?status=${status}&limit=100`)).items,
  });
  const retry = useMutation({
    mutationFn: (id: string) => api.post<JobView>(`/api/jobs/${id}/retry`, {}),
    onSettled: () => client.invalidateQueries({ queryKey: ["admin", "jobs"] }),
  });
  return (
    <>
      <Text size="sm" c="dimmed" mb="xs">
        {t("admin.jobs.explain")}
      </Text>
      <NativeSelect
        label={t("admin.jobs.status")}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as JobStatusName)}
        data={statuses.map((s) => ({ value: s, label: t(`admin.jobs.statuses.${s}`) }))}
        w={240}
      />
      <ErrorNotice error={jobs.error ?? retry.error} />
      {jobs.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : (jobs.data ?? []).length === 0 ? (
        <Text mt="md" role="status">
          {t("admin.jobs.none")}
        </Text>
      ) : (
        <Table striped withTableBorder verticalSpacing={4} mt="md" data-testid="jobs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("admin.jobs.name")}</Table.Th>
              <Table.Th scope="col">{t("admin.jobs.scope")}</Table.Th>
              <Table.Th scope="col">{t("admin.jobs.attempts")}</Table.Th>
              <Table.Th scope="col">{t("admin.jobs.runAt")}</Table.Th>
              <Table.Th scope="col">{t("admin.jobs.lastError")}</Table.Th>
              <Table.Th scope="col">
                <span className="lg-sr-only">{t("admin.actions")}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(jobs.data ?? []).map((job) => (
              <Table.Tr key={job.id}>
                <Table.Td>
                  <Code>{job.name}</Code>
                </Table.Td>
                <Table.Td>{job.organisation ?? t("admin.jobs.system")}</Table.Td>
                <Table.Td>
                  {job.attempts} / {job.maxAttempts}
                </Table.Td>
                <Table.Td>{formatDateTime(job.finishedAt ?? job.runAt)}</Table.Td>
                <Table.Td>{job.lastError ?? "—"}</Table.Td>
                <Table.Td>
                  {job.status === "dead" && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      loading={retry.isPending && retry.variables === job.id}
                      onClick={() => retry.mutate(job.id)}
                      aria-label={t("admin.jobs.retryOne", { name: job.name })}
                    >
                      {t("admin.jobs.retry")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
