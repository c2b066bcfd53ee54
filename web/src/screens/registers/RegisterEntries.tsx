import {
  Box,
  Button,
  Card,
  Group,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { getRouteApi, Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../../api/client.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDate, formatDateTime } from "../../components/format.js";
import { ImportCsv } from "./ImportCsv.js";
import {
  columnLabel,
  displayValue,
  type EntryView,
  type RegisterDefinition,
  registerKeys,
  stateLabel,
  useRegister,
} from "./registerApi.js";

const route = getRouteApi("/registres/$registerId");

/**
 * One register: its entries, searched (partial words, accents and case ignored) and filtered on
 * the fields the register declares, a page at a time; export, import and new entries for the
 * roles the register allows.
 */
export function RegisterEntries() {
  const { t } = useTranslation();
  const { registerId } = route.useParams();
  const register = useRegister(registerId);
  if (register.isPending) return <Loader aria-label={t("common.loading")} />;
  if (register.isError) return <ErrorNotice error={register.error} />;
  return <EntriesOf def={register.data.definition} access={register.data.access} />;
}

type Filters = Record<string, string>;

function EntriesOf({
  def,
  access,
}: {
  def: RegisterDefinition;
  access: { write: boolean; archivist: boolean };
}) {
  const { t } = useTranslation();
  // The state is always a filter of a register that has states.
  const filterFields =
    def.states && !def.list.filters.includes("state") ? ["state", ...def.list.filters] : def.list.filters;
  const filterIds = ["q", ...filterFields];
  const empty: Filters = Object.fromEntries(filterIds.map((id) => [id, ""]));
  const [draft, setDraft] = useState<Filters>(empty);
  const [filters, setFilters] = useState<Filters>(empty);
  const [importing, setImporting] = useState(false);
  const list = useInfiniteQuery({
    queryKey: [...registerKeys.entries(def.id), filters],
    queryFn: ({ pageParam }) =>
      api.get<{ items: EntryView[]; nextCursor: string | null }>(
        `/api/registers/${encodeURIComponent(def.id)}/entries${query({ ...filters, cursor: pageParam, limit: 50 })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const exportUrl = (format: string) =>
    `/api/registers/${encodeURIComponent(def.id)}/export${query({ ...filters, format })}`;
  const fieldOf = (id: string) => def.fields.find((f) => f.id === id);
  const cell = (entry: EntryView, column: string) => {
    if (column === "number") return entry.number;
    if (column === "state") return stateLabel(def, entry.state);
    return displayValue(fieldOf(column), entry.data[column], formatDate, formatDateTime);
  };
  const columns = def.list.columns.includes("number") ? def.list.columns : ["number", ...def.list.columns];
  const entryLink = (entry: EntryView) => (
    <AnchorLink to="/registres/$registerId/$entryId" params={{ registerId: def.id, entryId: entry.id }}>
      {entry.number}
    </AnchorLink>
  );

  return (
    <Stack gap="sm">
      <AnchorLink to="/registres" size="sm" className="lg-noprint">
        {t("registerBook.back")}
      </AnchorLink>
      <Title order={1} size="h2">
        {def.title}
      </Title>
      {def.description && <Text c="dimmed">{def.description}</Text>}
      <Group gap="sm" className="lg-noprint">
        {access.write && (
          <Button
            renderRoot={(props) => (
              <Link to="/registres/$registerId/nouvelle-entree" params={{ registerId: def.id }} {...props} />
            )}
          >
            {t("registerBook.newEntry")}
          </Button>
        )}
        <Button component="a" variant="default" href={exportUrl("csv")} download>
          {t("registerBook.exportCsv")}
        </Button>
        <Button component="a" variant="default" href={exportUrl("xlsx")} download>
          {t("registerBook.exportXlsx")}
        </Button>
        {access.write && (
          <Button variant="default" onClick={() => setImporting((v) => !v)} aria-expanded={importing}>
            {t("registerBook.import.open")}
          </Button>
        )}
        {access.archivist && (
          <Button
            variant="default"
            renderRoot={(props) => (
              <Link to="/registres/$registerId/conservation" params={{ registerId: def.id }} {...props} />
            )}
          >
            {t("registerBook.retention.open")}
          </Button>
        )}
        <Button variant="subtle" onClick={() => window.print()}>
          {t("registerBook.print")}
        </Button>
      </Group>
      {importing && <ImportCsv def={def} onDone={() => void list.refetch()} />}
      <form onSubmit={submit} className="lg-noprint">
        <Group align="end" wrap="wrap" gap="sm">
          <TextInput
            label={t("registerBook.search")}
            description={t("registerBook.searchHint")}
            type="search"
            value={draft.q}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDraft((d) => ({ ...d, q: value }));
            }}
          />
          {filterFields.map((id) => (
            <FilterInput
              key={id}
              def={def}
              id={id}
              value={draft[id] ?? ""}
              onChange={(value) => setDraft((d) => ({ ...d, [id]: value }))}
            />
          ))}
          <Button type="submit">{t("registerBook.apply")}</Button>
        </Group>
      </form>
      <ErrorNotice error={list.error} />
      <Box visibleFrom="sm">
        <Table.ScrollContainer minWidth={720}>
          <Table striped className="lg-table" verticalSpacing={4} aria-label={def.title}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c}>{columnLabel(def, c, t)}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((entry) => (
                <Table.Tr key={entry.id}>
                  {columns.map((c) => (
                    <Table.Td key={c} style={{ whiteSpace: "normal" }}>
                      {c === "number" ? entryLink(entry) : cell(entry, c)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
      {/* On a phone, one card per entry rather than a table scrolled sideways. */}
      <SimpleGrid hiddenFrom="sm" cols={1} spacing="xs">
        {rows.map((entry) => (
          <Card key={entry.id} withBorder padding="xs">
            {entryLink(entry)}
            {columns
              .filter((c) => c !== "number")
              .map((c) => (
                <Text key={c} size="sm">
                  <Text span c="dimmed" size="sm">
                    {columnLabel(def, c, t)} :{" "}
                  </Text>
                  {cell(entry, c)}
                </Text>
              ))}
          </Card>
        ))}
      </SimpleGrid>
      {list.isPending && <Loader aria-label={t("common.loading")} />}
      {list.isSuccess && rows.length === 0 && <Text>{t("registerBook.empty")}</Text>}
      {list.hasNextPage && (
        <Button
          variant="default"
          className="lg-noprint"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
        >
          {t("registerBook.more")}
        </Button>
      )}
    </Stack>
  );
}

/** A list filter: the states, a choice's options, or the exact value of another field. */
function FilterInput({
  def,
  id,
  value,
  onChange,
}: {
  def: RegisterDefinition;
  id: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  if (id === "state") {
    return (
      <NativeSelect
        label={t("registerBook.state")}
        data={[
          { value: "", label: t("registerBook.anyValue") },
          ...(def.states?.list ?? []).map((s) => ({ value: s.id, label: s.label })),
        ]}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  const field = def.fields.find((f) => f.id === id);
  if (field?.type === "choice") {
    return (
      <NativeSelect
        label={field.label}
        data={[{ value: "", label: t("registerBook.anyValue") }, ...(field.options ?? [])]}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  }
  return (
    <TextInput
      label={field?.label ?? id}
      type={field?.type === "date" ? "date" : "text"}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
