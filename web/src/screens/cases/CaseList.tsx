import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useRouterState } from "@tanstack/react-router";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../../api/client.js";
import { useProcedures } from "../../api/hooks.js";
import type { CaseFilters, CaseListItem } from "../../api/types.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDate, formatDateTime } from "../../components/format.js";

type Filters = Record<keyof CaseFilters, string>;
const NO_FILTERS: Filters = {
  registryNumber: "",
  procedureId: "",
  status: "",
  unit: "",
  requester: "",
  createdFrom: "",
  createdTo: "",
  q: "",
  procedureVersion: "",
  step: "",
  waitingUnit: "",
  waitingFor: "",
  due: "",
  passedStep: "",
  closedFrom: "",
  closedTo: "",
};

/** Filters a dashboard's number adds to the address; shown, and kept, but not in the form. */
const TASK_FILTERS = [
  "procedureVersion",
  "step",
  "waitingUnit",
  "waitingFor",
  "due",
  "passedStep",
  "closedFrom",
  "closedTo",
] as const;

/** The filters the address carries (a dashboard links here with those behind a number). */
function filtersFrom(searchStr: string): Filters {
  const params = new URLSearchParams(searchStr);
  const filters = { ...NO_FILTERS };
  for (const key of Object.keys(NO_FILTERS) as Array<keyof Filters>) filters[key] = params.get(key) ?? "";
  return filters;
}

/** Dossiers: the cases of the organisation as a register shows them, searchable, exported to CSV/XLSX. */
export function CaseList() {
  const { t } = useTranslation();
  const procedures = useProcedures();
  // What the form holds, and what was applied (the list and the export links use the latter).
  const searchStr = useRouterState({ select: (state) => state.location.searchStr });
  const [draft, setDraft] = useState<Filters>(() => filtersFrom(searchStr));
  const [filters, setFilters] = useState<Filters>(() => filtersFrom(searchStr));
  useEffect(() => {
    setDraft(filtersFrom(searchStr));
    setFilters(filtersFrom(searchStr));
  }, [searchStr]);
  const taskFilters = TASK_FILTERS.filter((key) => filters[key] !== "");
  const field = (name: keyof Filters) => ({
    value: draft[name],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setDraft((d) => ({ ...d, [name]: value }));
    },
  });
  const list = useInfiniteQuery({
    queryKey: ["register", filters],
    queryFn: ({ pageParam }) =>
      api.get<{ items: CaseListItem[]; nextCursor: string | null }>(
        `/api/cases${query({ ...filters, cursor: pageParam, limit: 50 })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
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
            {...field("procedureId")}
            maw={360}
          />
          <TextInput label={t("registers.search")} {...field("q")} type="search" />
          <TextInput label={t("inbox.columns.number")} {...field("registryNumber")} />
          <TextInput label={t("registers.unit")} description={t("registers.unitHint")} {...field("unit")} />
          <TextInput
            label={t("inbox.columns.requester")}
            description={t("registers.requesterHint")}
            {...field("requester")}
          />
          <TextInput label={t("registers.from")} type="date" {...field("createdFrom")} />
          <TextInput label={t("registers.to")} type="date" {...field("createdTo")} />
          <NativeSelect
            label={t("case.status")}
            data={[
              { value: "", label: t("registers.anyStatus") },
              ...["active", "completed", "cancelled"].map((s) => ({
                value: s,
                label: t(`status.${s}`),
              })),
            ]}
            {...field("status")}
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
      {taskFilters.length > 0 && (
        <Group gap="xs">
          <Text size="sm">
            {t("registers.taskFilters")}{" "}
            {taskFilters.map((key) => `${t(`registers.taskFilter.${key}`)} : ${filters[key]}`).join(" · ")}
          </Text>
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => {
              const cleared = { ...filters };
              for (const key of TASK_FILTERS) cleared[key] = "";
              setFilters(cleared);
              setDraft(cleared);
            }}
          >
            {t("registers.clearTaskFilters")}
          </Button>
        </Group>
      )}
      <ErrorNotice error={list.error} />
      <Table.ScrollContainer minWidth={960}>
        <Table striped className="lg-table" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("inbox.columns.number")}</Table.Th>
              <Table.Th>{t("registers.date")}</Table.Th>
              <Table.Th>{t("registers.requesterOrSender")}</Table.Th>
              <Table.Th>{t("registers.object")}</Table.Th>
              <Table.Th>{t("registers.imputedTo")}</Table.Th>
              <Table.Th>{t("case.status")}</Table.Th>
              <Table.Th>{t("registers.currentStep")}</Table.Th>
              <Table.Th>{t("inbox.columns.due")}</Table.Th>
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
                <Table.Td>{row.requesterName}</Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>
                  {row.title || "—"}
                  <Text size="xs" c="dimmed">
                    {row.procedure.title}
                  </Text>
                </Table.Td>
                <Table.Td>{row.imputedUnit?.name ?? "—"}</Table.Td>
                <Table.Td>{t(`status.${row.status}`, { defaultValue: row.status })}</Table.Td>
                <Table.Td style={{ whiteSpace: "normal" }}>
                  {row.currentSteps.map((s) => s.title).join(", ") || "—"}
                </Table.Td>
                <Table.Td>
                  {row.currentSteps
                    .map((s) => s.dueAt)
                    .filter((d): d is string => d !== null)
                    .map((d) => formatDateTime(d))
                    .join(", ") || "—"}
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
