import {
  Alert,
  Button,
  Checkbox,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../../api/client.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDate } from "../../components/format.js";
import {
  type EntryView,
  type RegisterDefinition,
  registerKeys,
  stateLabel,
  useRegister,
} from "./registerApi.js";

const route = getRouteApi("/registres/$registerId/conservation");

type Disposal = "archive" | "destroy";

/**
 * The entries past their retention period, for an archivist to approve their archiving or
 * destruction: nothing is disposed of without this approval, and the approval is recorded.
 */
export function Retention() {
  const { t } = useTranslation();
  const { registerId } = route.useParams();
  const register = useRegister(registerId);
  if (register.isPending) return <Loader aria-label={t("common.loading")} />;
  if (register.isError) return <ErrorNotice error={register.error} />;
  return <RetentionOf def={register.data.definition} />;
}

function RetentionOf({ def }: { def: RegisterDefinition }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [disposal, setDisposal] = useState<Disposal>(def.classification.disposal);
  const list = useInfiniteQuery({
    queryKey: registerKeys.retention(def.id),
    queryFn: ({ pageParam }) =>
      api.get<{ items: EntryView[]; nextCursor: string | null; disposal: Disposal; cutoff: string | null }>(
        `/api/registers/${encodeURIComponent(def.id)}/retention${query({ cursor: pageParam, limit: 100 })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const approve = useMutation({
    mutationFn: () =>
      api.post<{ count: number; disposal: Disposal }>(
        `/api/registers/${encodeURIComponent(def.id)}/retention/approvals`,
        { entryIds: [...selected], disposal },
      ),
    onSuccess: async () => {
      setSelected(new Set());
      await client.invalidateQueries({ queryKey: registerKeys.one(def.id) });
    },
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const pending = rows.filter((r) => r.disposal === null);
  const cutoff = list.data?.pages[0]?.cutoff ?? null;
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const { retention } = def.classification;
  const period =
    "years" in retention
      ? t("registerBook.retention.years", { count: retention.years })
      : "months" in retention
        ? t("registerBook.retention.months", { count: retention.months })
        : t("registerBook.retention.indefinite");

  return (
    <Stack gap="sm" maw={960}>
      <AnchorLink to="/registres/$registerId" params={{ registerId: def.id }} size="sm">
        {def.title}
      </AnchorLink>
      <Title order={1} size="h2">
        {t("registerBook.retention.title", { register: def.title })}
      </Title>
      <Text size="sm">
        {t("registerBook.retention.rule", {
          period,
          disposal: t(`registerBook.retention.${def.classification.disposal}`),
        })}
        {cutoff ? ` ${t("registerBook.retention.cutoff", { date: formatDate(cutoff) })}` : ""}
      </Text>
      <ErrorNotice error={list.error ?? approve.error} />
      {approve.isSuccess && (
        <Alert color="green" role="status">
          {t("registerBook.retention.approved", {
            count: approve.data.count,
            disposal: t(`registerBook.retention.${approve.data.disposal}`),
          })}
        </Alert>
      )}
      {list.isPending && <Loader aria-label={t("common.loading")} />}
      {list.isSuccess && pending.length === 0 && <Text>{t("registerBook.retention.none")}</Text>}
      {pending.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={480}>
            <Table
              striped
              verticalSpacing={4}
              aria-label={t("registerBook.retention.title", { register: def.title })}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <Checkbox
                      aria-label={t("registerBook.retention.selectAll")}
                      checked={pending.every((r) => selected.has(r.id))}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected(on ? new Set(pending.map((r) => r.id)) : new Set());
                      }}
                    />
                  </Table.Th>
                  <Table.Th>{t("registerBook.number")}</Table.Th>
                  <Table.Th>{t("registerBook.state")}</Table.Th>
                  <Table.Th>{t("registerBook.createdOn")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pending.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Td>
                      <Checkbox
                        aria-label={t("registerBook.retention.select", { number: entry.number })}
                        checked={selected.has(entry.id)}
                        onChange={(e) => toggle(entry.id, e.currentTarget.checked)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <AnchorLink
                        to="/registres/$registerId/$entryId"
                        params={{ registerId: def.id, entryId: entry.id }}
                      >
                        {entry.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{stateLabel(def, entry.state)}</Table.Td>
                    <Table.Td>{formatDate(entry.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {list.hasNextPage && (
            <Button
              variant="default"
              onClick={() => void list.fetchNextPage()}
              loading={list.isFetchingNextPage}
            >
              {t("registerBook.more")}
            </Button>
          )}
          <Group align="end" gap="sm" wrap="wrap">
            <NativeSelect
              label={t("registerBook.retention.decision")}
              data={(["archive", "destroy"] as const).map((d) => ({
                value: d,
                label: t(`registerBook.retention.${d}`),
              }))}
              value={disposal}
              onChange={(e) => setDisposal(e.currentTarget.value as Disposal)}
            />
            <Button
              color={disposal === "destroy" ? "red" : "blue"}
              disabled={selected.size === 0}
              loading={approve.isPending}
              onClick={() => approve.mutate()}
            >
              {t("registerBook.retention.approve", { count: selected.size })}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
