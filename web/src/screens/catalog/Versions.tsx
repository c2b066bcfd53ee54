import { Button, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { versionList } from "../../../../shared/api/catalogAdmin.js";
import { api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDate, formatDateTime } from "../../components/format.js";

type VersionList = z.infer<typeof versionList>;

/** A procedure's stored versions; an editor puts a draft in force (the old one is retired). */
export function Versions({ procedureId }: { procedureId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ["versions", procedureId],
    queryFn: () => api.get<VersionList>(`/api/procedures/${procedureId}/versions`),
    retry: false,
  });
  const activate = useMutation({
    mutationFn: (version: number) =>
      api.post<VersionList>(`/api/procedures/${procedureId}/versions/${version}/activate`),
    onSuccess: (list) => {
      client.setQueryData(["versions", procedureId], list);
      void client.invalidateQueries({ queryKey: ["procedure", procedureId] });
      void client.invalidateQueries({ queryKey: ["procedures"] });
    },
  });
  return (
    <section aria-labelledby="versions-title">
      <Title order={2} size="h4" id="versions-title" mb="xs">
        {t("catalog.versions")}
      </Title>
      <ErrorNotice error={versions.error ?? activate.error} />
      {versions.data && (
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("catalog.version")}</Table.Th>
              <Table.Th>{t("case.status")}</Table.Th>
              <Table.Th>{t("catalog.loadedAt")}</Table.Th>
              <Table.Th>{t("catalog.effectiveDate")}</Table.Th>
              <Table.Th>
                <Text span size="sm" className="lg-sr-only">
                  {t("case.actions")}
                </Text>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.data.versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>{v.version}</Table.Td>
                <Table.Td>{t(`catalog.status.${v.status}`, { defaultValue: v.status })}</Table.Td>
                <Table.Td>{formatDateTime(v.loadedAt)}</Table.Td>
                <Table.Td>{formatDate(v.effectiveDate)}</Table.Td>
                <Table.Td>
                  {v.status !== "in_force" && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      loading={activate.isPending && activate.variables === v.version}
                      onClick={() => activate.mutate(v.version)}
                    >
                      {t("catalog.activate", { version: v.version })}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </section>
  );
}
