import { Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, query } from "../../api/client.js";
import type { CaseListItem } from "../../api/types.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDate } from "../../components/format.js";
import { useSession } from "../../session.js";

/** Mes demandes: the cases the signed-in person opened, newest first, with where each stands. */
export function MyRequests() {
  const { t } = useTranslation();
  const matricule = useSession().data?.user.matricule ?? "";
  const list = useInfiniteQuery({
    queryKey: ["myRequests", matricule],
    queryFn: ({ pageParam }) =>
      api.get<{ items: CaseListItem[]; nextCursor: string | null }>(
        `/api/cases${query({ requester: matricule, cursor: pageParam, limit: 50 })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: matricule !== "",
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("myRequests.title")}
      </Title>
      <Text>{t("myRequests.intro")}</Text>
      <ErrorNotice error={list.error} />
      <Table.ScrollContainer minWidth={640}>
        <Table striped className="lg-table" verticalSpacing={4} data-testid="my-requests">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("myRequests.columns.number")}</Table.Th>
              <Table.Th>{t("myRequests.columns.title")}</Table.Th>
              <Table.Th>{t("myRequests.columns.opened")}</Table.Th>
              <Table.Th>{t("myRequests.columns.status")}</Table.Th>
              <Table.Th>{t("myRequests.columns.where")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <AnchorLink to="/dossiers/$caseId" params={{ caseId: row.id }} fw={600}>
                    {row.registryNumber}
                  </AnchorLink>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>
                  {row.title || row.procedure.title}
                  {row.title && row.title !== row.procedure.title && (
                    <Text size="xs" c="dimmed">
                      {row.procedure.title}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatDate(row.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge color={row.status === "active" ? "blue.8" : "gray.8"}>
                    {t(`status.${row.status}`, { defaultValue: row.status })}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>
                  {row.currentSteps.map((s) => s.title).join(", ") || "—"}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text>{t("myRequests.empty")}</Text>}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("myRequests.more")}
        </Button>
      )}
    </Stack>
  );
}
