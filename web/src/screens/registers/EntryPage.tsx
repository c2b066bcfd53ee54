import {
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice, fieldError } from "../../components/ErrorNotice.js";
import { formatDate, formatDateTime } from "../../components/format.js";
import { EntryForm, type EntryFormValue } from "./EntryForm.js";
import {
  displayValue,
  type EntryPage as EntryPageView,
  type EntryView,
  type RegisterDefinition,
  type RegisterField,
  registerKeys,
  stateLabel,
  useEntry,
  useRegister,
} from "./registerApi.js";

const route = getRouteApi("/registres/$registerId/$entryId");

/** One entry of a register: its values, the cases that wrote it, its stock movements and its history. */
export function EntryPage() {
  const { t } = useTranslation();
  const { registerId, entryId } = route.useParams();
  const register = useRegister(registerId);
  const entry = useEntry(registerId, entryId);
  if (register.isError || entry.isError) return <ErrorNotice error={register.error ?? entry.error} />;
  if (register.isPending || entry.isPending) return <Loader aria-label={t("common.loading")} />;
  return <EntryOf def={register.data.definition} write={register.data.access.write} page={entry.data} />;
}

function EntryOf({ def, write, page }: { def: RegisterDefinition; write: boolean; page: EntryPageView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const { entry } = page;
  const refresh = () => client.invalidateQueries({ queryKey: registerKeys.one(def.id) });
  const change = useMutation({
    mutationFn: (value: EntryFormValue) =>
      api.patch<EntryView>(`/api/registers/${encodeURIComponent(def.id)}/entries/${entry.id}`, {
        ...value,
        expectedEventCount: entry.eventCount,
      }),
    onSuccess: async () => {
      await refresh();
      setEditing(false);
    },
  });
  const fieldOf = (id: string) => def.fields.find((f) => f.id === id);
  const show = (field: RegisterField | undefined, value: unknown) =>
    displayValue(field, value, formatDate, formatDateTime);
  const quantities = def.fields.filter((f) => f.type === "quantity");
  const disposed = entry.disposal !== null;

  return (
    <Stack gap="sm" maw={960}>
      <AnchorLink
        to="/registres/$registerId"
        params={{ registerId: def.id }}
        size="sm"
        className="lg-noprint"
      >
        {def.title}
      </AnchorLink>
      <Group gap="sm" align="center">
        <Title order={1} size="h2" data-testid="entry-number">
          {entry.number}
        </Title>
        {entry.state && <Badge variant="light">{stateLabel(def, entry.state)}</Badge>}
        {disposed && (
          <Badge color="gray">
            {entry.disposal === "destroy"
              ? t("registerBook.retention.destroyed")
              : t("registerBook.retention.archived")}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t("registerBook.createdUpdated", {
          created: formatDateTime(entry.createdAt),
          updated: formatDateTime(entry.updatedAt),
        })}
      </Text>

      {editing ? (
        <Card withBorder padding="sm">
          <EntryForm
            def={def}
            initial={entry.data}
            currentState={entry.state ?? ""}
            submitLabel={t("registerBook.save")}
            pending={change.isPending}
            error={change.error}
            onSubmit={(value) => change.mutate(value)}
            onCancel={() => setEditing(false)}
          />
        </Card>
      ) : (
        <>
          <Table withRowBorders verticalSpacing={4} aria-label={t("registerBook.values")}>
            <Table.Tbody>
              {def.fields.map((field) => (
                <Table.Tr key={field.id}>
                  <Table.Th scope="row" w="40%" style={{ whiteSpace: "normal" }}>
                    {field.label}
                  </Table.Th>
                  <Table.Td style={{ whiteSpace: "normal", overflowWrap: "anywhere" }}>
                    {show(field, entry.data[field.id])}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {write && !disposed && (
            <Group className="lg-noprint">
              <Button variant="default" onClick={() => setEditing(true)}>
                {t("registerBook.edit")}
              </Button>
            </Group>
          )}
        </>
      )}

      {write &&
        !disposed &&
        quantities.map((field) => (
          <StockMovementForm key={field.id} def={def} entry={entry} field={field} onDone={refresh} />
        ))}

      <Title order={2} size="h4">
        {t("registerBook.cases")}
      </Title>
      {page.cases.length === 0 ? (
        <Text size="sm">{t("registerBook.noCase")}</Text>
      ) : (
        <List spacing={4} data-testid="entry-cases">
          {page.cases.map((c) => (
            <List.Item key={`${c.caseId}-${c.stepId}`}>
              {c.readable ? (
                <AnchorLink to="/dossiers/$caseId" params={{ caseId: c.caseId }}>
                  {c.registryNumber}
                </AnchorLink>
              ) : (
                c.registryNumber
              )}{" "}
              — {c.procedureTitle}
              {c.title && c.title !== c.procedureTitle ? ` — ${c.title}` : ""}
            </List.Item>
          ))}
        </List>
      )}

      {page.movements.length > 0 && (
        <>
          <Title order={2} size="h4">
            {t("registerBook.movements.title")}
          </Title>
          <Table.ScrollContainer minWidth={480}>
            <Table striped verticalSpacing={2} aria-label={t("registerBook.movements.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("registerBook.date")}</Table.Th>
                  <Table.Th>{t("registerBook.movements.kind")}</Table.Th>
                  <Table.Th>{t("registerBook.movements.quantity")}</Table.Th>
                  <Table.Th>{t("registerBook.movements.reason")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.movements.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{formatDateTime(m.occurredAt)}</Table.Td>
                    <Table.Td>{t(`registerBook.movements.${m.kind}`)}</Table.Td>
                    <Table.Td>{m.quantity}</Table.Td>
                    <Table.Td style={{ whiteSpace: "normal" }}>{m.reason ?? "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}

      <Title order={2} size="h4">
        {t("registerBook.history")}
      </Title>
      <List spacing={6} data-testid="entry-history">
        {page.history.map((event) => (
          <List.Item key={event.seq}>
            <Text size="sm" fw={600}>
              {formatDateTime(event.occurredAt)} —{" "}
              {t(`registerBook.event.${event.type}`, { defaultValue: event.type })}
              {event.actor ? ` — ${event.actor.name} (${event.actor.matricule})` : ""}
              {event.caseId
                ? ` — ${page.cases.find((c) => c.caseId === event.caseId)?.registryNumber ?? t("registerBook.byCase")}`
                : ""}
            </Text>
            <EventChanges def={def} payload={event.payload} show={show} fieldOf={fieldOf} />
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** What a change did, field by field: the value before and after. */
function EventChanges({
  def,
  payload,
  show,
  fieldOf,
}: {
  def: RegisterDefinition;
  payload: Record<string, unknown>;
  show: (field: RegisterField | undefined, value: unknown) => string;
  fieldOf: (id: string) => RegisterField | undefined;
}) {
  const { t } = useTranslation();
  const before = (payload.before ?? {}) as Record<string, unknown>;
  const after = (payload.after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const label = (key: string) => (key === "state" ? t("registerBook.state") : (fieldOf(key)?.label ?? key));
  const value = (key: string, v: unknown) =>
    key === "state" ? stateLabel(def, (v as string) ?? null) : show(fieldOf(key), v);
  if (keys.length === 0) return null;
  return (
    <Text size="sm" component="div">
      {keys.map((key) => (
        <div key={key}>
          {label(key)} : {value(key, before[key])} → {value(key, after[key])}
        </div>
      ))}
      {typeof payload.reason === "string" && payload.reason !== "" && (
        <div>
          {t("registerBook.movements.reason")} : {payload.reason}
        </div>
      )}
    </Text>
  );
}

/** In, out or an adjustment (with its reason) of one quantity of the entry. */
function StockMovementForm({
  def,
  entry,
  field,
  onDone,
}: {
  def: RegisterDefinition;
  entry: EntryView;
  field: RegisterField;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<"in" | "out" | "adjustment">("in");
  const [quantity, setQuantity] = useState<number | "">("");
  const [reason, setReason] = useState("");
  const move = useMutation({
    mutationFn: () =>
      api.post<EntryView>(`/api/registers/${encodeURIComponent(def.id)}/entries/${entry.id}/movements`, {
        field: field.id,
        kind,
        quantity: Number(quantity),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async () => {
      setQuantity("");
      setReason("");
      await onDone();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (quantity === "") return;
    move.mutate();
  };
  return (
    <Card
      withBorder
      padding="sm"
      component="section"
      aria-labelledby={`movement-${field.id}`}
      className="lg-noprint"
    >
      <form onSubmit={submit} data-testid="movement-form">
        <Stack gap="xs">
          <Text id={`movement-${field.id}`} fw={600}>
            {t("registerBook.movements.record", { field: field.label })}
          </Text>
          <Group align="end" gap="sm" wrap="wrap">
            <NativeSelect
              label={t("registerBook.movements.kind")}
              data={(["in", "out", "adjustment"] as const).map((k) => ({
                value: k,
                label: t(`registerBook.movements.${k}`),
              }))}
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
            />
            <NumberInput
              label={t("registerBook.movements.quantity")}
              description={kind === "adjustment" ? t("registerBook.movements.signed") : undefined}
              allowDecimal={false}
              allowNegative={kind === "adjustment"}
              value={quantity}
              onChange={(v) => setQuantity(typeof v === "number" ? v : v === "" ? "" : Number(v))}
              error={fieldError(move.error, "quantity")}
              w={160}
            />
            <TextInput
              label={t("registerBook.movements.reason")}
              withAsterisk={kind === "adjustment"}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={fieldError(move.error, "reason")}
            />
            <Button type="submit" loading={move.isPending} disabled={quantity === ""}>
              {t("registerBook.movements.submit")}
            </Button>
          </Group>
          <ErrorNotice error={move.error} />
        </Stack>
      </form>
    </Card>
  );
}
