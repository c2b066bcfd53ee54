import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../../api/client.js";
import { useProcedures } from "../../api/hooks.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDate } from "../../components/format.js";

// TODO(shared schema): the register row of GET /api/cases (being built in another branch).
interface RegisterRow {
  id: string;
  registryNumber: string;
  createdAt: string;
  requesterName?: string | null;
  title?: string | null;
  imputedTo?: string | null;
  status: string;
  currentStep?: string | null;
}

/** Registres: the cases of a procedure as a register shows them, searchable, exported to CSV/XLSX. */
export function Registers() {
  const { t } = useTranslation();
  const procedures = useProcedures();
  const [procedureId, setProcedureId] = useState("");
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const [filters, setFilters] = useState({ procedureId: "", q: "", status: "" });
  const list = useInfiniteQuery({
    queryKey: ["register", filters],
    queryFn: ({ pageParam }) =>
      api.get<{ items: RegisterRow[]; nextCursor: string | null }>(
        `/api/cases${query({ ...filters, cursor: pageParam, limit: 50 })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ procedureId, q, status });
  };
  const rows = list.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  const exportUrl = (format: string) => `/api/cases/export${query({ ...filters, format })}`;
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("registers.title")}
      </Title>
      <form onSubmit={submit}>
        <Group align="end" wrap="wrap" gap="sm">
          <NativeSelect
            label={t("inbox.procedure")}
            data={[
              { value: "", label: t("inbox.allProcedures") },
              ...(procedures.data ?? []).map((p) => ({ value: p.id, label: p.title })),
            ]}
            value={procedureId}
            onChange={(e) => setProcedureId(e.currentTarget.value)}
            maw={360}
          />
          <TextInput
            label={t("registers.search")}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            type="search"
          />
          <NativeSelect
            label={t("case.status")}
            data={[
              { value: "", label: t("registers.anyStatus") },
              ...["active", "completed", "rejected", "cancelled"].map((s) => ({
                value: s,
                label: t(`status.${s}`),
              })),
            ]}
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value)}
          />
          <Button type="submit">{t("registers.apply")}</Button>
          <Button component="a" variant="default" href={exportUrl("csv")} download>
            {t("registers.exportCsv")}
          </Button>
          <Button component="a" variant="default" href={exportUrl("xlsx")} download>
            {t("registers.exportXlsx")}
          </Button>
        </Group>
      </form>
      <ErrorNotice error={list.error} />
      <Table.ScrollContainer minWidth={800}>
        <Table striped className="lg-table" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("inbox.columns.number")}</Table.Th>
              <Table.Th>{t("registers.date")}</Table.Th>
              <Table.Th>{t("inbox.columns.requester")}</Table.Th>
              <Table.Th>{t("registers.object")}</Table.Th>
              <Table.Th>{t("registers.imputedTo")}</Table.Th>
              <Table.Th>{t("case.status")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id}>
                <Table.Td>
                  <AnchorLink to="/dossiers/$caseId" params={{ caseId: row.id }}>
                    {row.registryNumber}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{formatDate(row.createdAt)}</Table.Td>
                <Table.Td>{row.requesterName ?? "—"}</Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>{row.title ?? "—"}</Table.Td>
                <Table.Td>{row.imputedTo ?? "—"}</Table.Td>
                <Table.Td>
                  {t(`status.${row.status}`, { defaultValue: row.status })}
                  {row.currentStep ? ` — ${row.currentStep}` : ""}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.isSuccess && rows.length === 0 && <Text>{t("registers.empty")}</Text>}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t("registers.more")}
        </Button>
      )}
    </Stack>
  );
}
