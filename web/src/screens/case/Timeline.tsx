import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { CaseView, ProcedureDefinition } from "../../api/types.js";
import { formatDateTime } from "../../components/format.js";

/** Every event of the case, oldest first: who, as which role, when, what, with which data. */
export function Timeline({
  view,
  stepTitle,
  actorTitle,
  definition,
}: {
  view: CaseView;
  stepTitle: (id: string | null) => string;
  actorTitle: (code: string) => string;
  /** Gives the words of outcomes, fields and options; codes are shown while it loads. */
  definition?: ProcedureDefinition | undefined;
}) {
  const { t } = useTranslation();
  const colon = t("common.colon");
  const fields = (definition?.steps ?? []).flatMap((s) => s.form ?? []);
  const fieldLabel = (id: string) => fields.find((f) => f.id === id)?.label ?? id;
  const valueWords = (id: string, value: unknown): string => {
    const field = fields.find((f) => f.id === id);
    if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
    if (Array.isArray(value)) return value.map((v) => valueWords(id, v)).join(", ");
    const option = field && "options" in field ? field.options?.find((o) => o.value === value) : undefined;
    return option?.label ?? String(value);
  };
  const outcomeLabel = (stepId: string | null, outcome: string) =>
    definition?.steps.find((s) => s.id === stepId)?.decision?.outcomes.find((o) => o.id === outcome)?.label ??
    outcome;
  const docName = (id: unknown) => view.attachments.find((a) => a.id === id)?.fileName ?? String(id);
  // One line per thing that happened: the steps a transition opens are written on its own line
  // (« → next step »), not as lines of their own.
  const lines: Array<{ event: CaseView["history"][number]; entered: string[]; cleared: string[] }> = [];
  for (const event of view.history) {
    const previous = lines.at(-1);
    // Going back before the imputation cleared it: said on the line that went back.
    const cleared =
      typeof event.payload.imputationCleared === "string" ? [event.payload.imputationCleared] : [];
    if (event.type === "step_entered" && previous && previous.event.occurredAt === event.occurredAt) {
      if (event.stepAfter && !previous.entered.includes(event.stepAfter))
        previous.entered.push(event.stepAfter);
      previous.cleared.push(...cleared);
      continue;
    }
    lines.push({
      event,
      entered: event.stepAfter && event.stepAfter !== event.stepBefore ? [event.stepAfter] : [],
      cleared,
    });
  }
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table verticalSpacing={4} data-testid="timeline">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("timeline.when")}</Table.Th>
            <Table.Th>{t("timeline.who")}</Table.Th>
            <Table.Th>{t("timeline.what")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map(({ event, entered, cleared }) => {
            const payload = event.payload ?? {};
            const details: string[] = cleared.map((unit) => t("timeline.imputationCleared", { unit }));
            if (typeof payload.outcome === "string")
              details.push(
                `${t("timeline.outcome")}${colon}${outcomeLabel(event.stepBefore, payload.outcome)}`,
              );
            if (typeof payload.imputeTo === "string")
              details.push(`${t("timeline.imputedTo")}${colon}${payload.imputeTo}`);
            const form = payload.form as Record<string, unknown> | undefined;
            if (form && typeof form === "object") {
              for (const [key, value] of Object.entries(form))
                details.push(`${fieldLabel(key)}${colon}${valueWords(key, value)}`);
            }
            const docs = payload.documents as Record<string, unknown> | undefined;
            if (docs && typeof docs === "object") {
              for (const id of Object.values(docs)) details.push(`📎 ${docName(id)}`);
            }
            if (typeof payload.text === "string") details.push(payload.text);
            // An official document the server wrote: its title and the code printed on it.
            if (event.type === "document_issued" && typeof payload.title === "string")
              details.push(`${payload.title} (${String(payload.code ?? "")})`);
            if (typeof payload.reason === "string") details.push(payload.reason);
            // A message the system sent (a message step, an escalation): its subject and recipients.
            const sent = (event.type === "escalated" ? payload.message : payload) as
              | { subject?: unknown; to?: unknown; cc?: unknown }
              | null
              | undefined;
            if (sent && typeof sent.subject === "string") {
              const list = (v: unknown) => (Array.isArray(v) ? v.join(", ") : "");
              details.push(
                `✉ ${sent.subject} → ${list(sent.to)}${list(sent.cc) ? ` (cc ${list(sent.cc)})` : ""}`,
              );
            }
            return (
              <Table.Tr key={event.seq}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(event.occurredAt)}</Table.Td>
                <Table.Td>
                  {event.onBehalfOfName
                    ? t("timeline.onBehalfOf", {
                        actor: event.actorName ?? "",
                        principal: event.onBehalfOfName,
                      })
                    : event.system
                      ? t("timeline.system", { job: event.system.job })
                      : (event.actorName ?? "")}
                  {event.actorRole ? (
                    <Text size="xs" c="dimmed">
                      {actorTitle(event.actorRole)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {t(`timeline.event.${event.type}`, { defaultValue: event.type })}
                    {event.stepBefore ? ` — ${stepTitle(event.stepBefore)}` : ""}
                    {entered.length > 0 ? ` → ${entered.map((id) => stepTitle(id)).join(", ")}` : ""}
                  </Text>
                  {details.length > 0 && (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: "normal" }}>
                      {details.join(" · ")}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
