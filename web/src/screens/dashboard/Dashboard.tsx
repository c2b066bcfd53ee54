import { NativeSelect, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Dashboard as DashboardData } from "../../../../shared/api/oversight.js";
import { api, query } from "../../api/client.js";
import { useProcedures } from "../../api/hooks.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { BarChart } from "../../components/BarChart.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDateTime } from "../../components/format.js";

const COLORS = { waiting: "#1c7ed6", late: "#c92a2a", done: "#2b8a3e", week: "#e8590c" };

type CaseLinkFilters = Record<string, string | number | undefined>;

/** A figure as a link to the cases behind it (the Dossiers list with the matching filters). */
function Figure({
  value,
  filters,
  label,
}: {
  value: number | null;
  filters: CaseLinkFilters;
  label: string;
}) {
  const { t } = useTranslation();
  if (value === null) return <>—</>;
  // Numbers stay numbers: the router writes them as they are (a string "2" would be quoted).
  const search = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ""));
  return (
    <AnchorLink
      to="/dossiers"
      search={search}
      aria-label={`${label} : ${t("dashboard.casesBehind", { count: value })}`}
    >
      {value}
    </AnchorLink>
  );
}

function lastDayOf(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/** Tableau de bord: what waits where, what is late, how many cases open and close. */
export function Dashboard() {
  const { t } = useTranslation();
  const procedures = useProcedures();
  const [procedureId, setProcedureId] = useState("");
  const data = useQuery({
    queryKey: ["dashboard", procedureId],
    queryFn: () => api.get<DashboardData>(`/api/oversight/dashboard${query({ procedureId })}`),
  });
  const d = data.data;
  const w = t("dashboard.waiting");
  const l = t("dashboard.late");
  const wk = t("dashboard.dueThisWeek");
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t("dashboard.title")}
      </Title>
      <NativeSelect
        label={t("dashboard.procedure")}
        data={[
          { value: "", label: t("inbox.allProcedures") },
          ...(procedures.data ?? []).map((p) => ({ value: p.id, label: p.title })),
        ]}
        value={procedureId}
        onChange={(e) => setProcedureId(e.currentTarget.value)}
        maw={420}
      />
      <ErrorNotice error={data.error} />
      {d && (
        <>
          <Text>
            {t(`dashboard.scope.${d.scope}`)}
            {d.asOf ? ` — ${t("dashboard.asOf", { at: formatDateTime(d.asOf) })}` : ""}
          </Text>
          <section aria-labelledby="dash-totals">
            <Title order={2} size="h3" id="dash-totals">
              {t("dashboard.totals")}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
              <Paper withBorder p="sm">
                <Text size="sm">{l}</Text>
                <Text size="xl" fw={700}>
                  <Figure value={d.totals.late} label={l} filters={{ procedureId, due: "late" }} />
                </Text>
              </Paper>
              <Paper withBorder p="sm">
                <Text size="sm">{wk}</Text>
                <Text size="xl" fw={700}>
                  <Figure value={d.totals.dueThisWeek} label={wk} filters={{ procedureId, due: "week" }} />
                </Text>
              </Paper>
              <Paper withBorder p="sm">
                <Text size="sm">{w}</Text>
                <Text size="xl" fw={700}>
                  <Figure value={d.totals.waiting} label={w} filters={{ procedureId, due: "onTime" }} />
                </Text>
              </Paper>
            </SimpleGrid>
          </section>

          <section aria-labelledby="dash-steps">
            <Title order={2} size="h3" id="dash-steps">
              {t("dashboard.steps")}
            </Title>
            {d.steps.length === 0 ? (
              <Text>{t("dashboard.empty")}</Text>
            ) : (
              <>
                <BarChart
                  title={t("dashboard.chart", { title: t("dashboard.steps") })}
                  rows={d.steps.map((s) => ({
                    label: `${s.stepTitle} (v${s.procedureVersion})`,
                    values: { waiting: s.waiting, late: s.late },
                  }))}
                  series={[
                    { key: "waiting", label: w, color: COLORS.waiting },
                    { key: "late", label: l, color: COLORS.late },
                  ]}
                />
                <Table.ScrollContainer minWidth={720}>
                  <Table striped className="lg-table" aria-labelledby="dash-steps">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t("dashboard.procedure")}</Table.Th>
                        <Table.Th>{t("dashboard.version")}</Table.Th>
                        <Table.Th>{t("dashboard.step")}</Table.Th>
                        <Table.Th>{w}</Table.Th>
                        <Table.Th>{l}</Table.Th>
                        <Table.Th>{t("dashboard.done")}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.steps.map((s) => {
                        const base = {
                          procedureId: s.procedureId,
                          procedureVersion: s.procedureVersion,
                        };
                        const name = `${s.procedureTitle}, ${s.stepTitle}`;
                        return (
                          <Table.Tr key={`${s.procedureId}/${s.procedureVersion}/${s.stepId}`}>
                            <Table.Td style={{ whiteSpace: "normal" }}>{s.procedureTitle}</Table.Td>
                            <Table.Td>{s.procedureVersion}</Table.Td>
                            <Table.Td style={{ whiteSpace: "normal" }}>{s.stepTitle}</Table.Td>
                            <Table.Td>
                              <Figure
                                value={s.waiting}
                                label={`${name}, ${w}`}
                                filters={{ ...base, step: s.stepId, due: "onTime" }}
                              />
                            </Table.Td>
                            <Table.Td>
                              <Figure
                                value={s.late}
                                label={`${name}, ${l}`}
                                filters={{ ...base, step: s.stepId, due: "late" }}
                              />
                            </Table.Td>
                            <Table.Td>
                              <Figure
                                value={s.done}
                                label={`${name}, ${t("dashboard.done")}`}
                                filters={{ ...base, passedStep: s.stepId }}
                              />
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
          </section>

          <WaitingTable
            id="dash-units"
            title={t("dashboard.units")}
            column={t("dashboard.unit")}
            rows={d.units.map((u) => ({
              key: u.unitId,
              label: `${u.code} — ${u.name}`,
              filters: { procedureId, waitingUnit: u.code },
              ...u,
            }))}
          />
          <WaitingTable
            id="dash-people"
            title={t("dashboard.people")}
            column={t("dashboard.person")}
            rows={d.people.map((p) => ({
              key: p.userId,
              label: `${p.name} (${p.matricule})`,
              filters: { procedureId, waitingFor: p.matricule },
              ...p,
            }))}
          />

          {d.months.length > 0 && (
            <section aria-labelledby="dash-months">
              <Title order={2} size="h3" id="dash-months">
                {t("dashboard.months")}
              </Title>
              <BarChart
                title={t("dashboard.chart", { title: t("dashboard.months") })}
                rows={d.months.map((m) => ({
                  label: m.month,
                  values: { opened: m.opened, closed: m.closed },
                }))}
                series={[
                  { key: "opened", label: t("dashboard.opened"), color: COLORS.waiting },
                  { key: "closed", label: t("dashboard.closed"), color: COLORS.done },
                ]}
              />
              <Table striped className="lg-table" aria-labelledby="dash-months">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("dashboard.month")}</Table.Th>
                    <Table.Th>{t("dashboard.opened")}</Table.Th>
                    <Table.Th>{t("dashboard.closed")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.months.map((m) => {
                    const range = { from: `${m.month}-01`, to: lastDayOf(m.month) };
                    return (
                      <Table.Tr key={m.month}>
                        <Table.Td>{m.month}</Table.Td>
                        <Table.Td>
                          <Figure
                            value={m.opened}
                            label={`${m.month}, ${t("dashboard.opened")}`}
                            filters={{ procedureId, createdFrom: range.from, createdTo: range.to }}
                          />
                        </Table.Td>
                        <Table.Td>
                          <Figure
                            value={m.closed}
                            label={`${m.month}, ${t("dashboard.closed")}`}
                            filters={{ procedureId, closedFrom: range.from, closedTo: range.to }}
                          />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </section>
          )}
        </>
      )}
    </Stack>
  );
}

interface WaitingRow {
  key: string;
  label: string;
  filters: CaseLinkFilters;
  waiting: number;
  late: number;
  dueThisWeek: number;
}

function WaitingTable({
  id,
  title,
  column,
  rows,
}: {
  id: string;
  title: string;
  column: string;
  rows: WaitingRow[];
}) {
  const { t } = useTranslation();
  const w = t("dashboard.waiting");
  const l = t("dashboard.late");
  const wk = t("dashboard.dueThisWeek");
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text>{t("dashboard.empty")}</Text>
      ) : (
        <>
          <BarChart
            title={t("dashboard.chart", { title })}
            rows={rows.map((r) => ({ label: r.label, values: { waiting: r.waiting, late: r.late } }))}
            series={[
              { key: "waiting", label: w, color: COLORS.waiting },
              { key: "late", label: l, color: COLORS.late },
            ]}
          />
          <Table striped className="lg-table" aria-labelledby={id}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{column}</Table.Th>
                <Table.Th>{w}</Table.Th>
                <Table.Th>{l}</Table.Th>
                <Table.Th>{wk}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td>{r.label}</Table.Td>
                  <Table.Td>
                    <Figure
                      value={r.waiting}
                      label={`${r.label}, ${w}`}
                      filters={{ ...r.filters, due: "onTime" }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Figure
                      value={r.late}
                      label={`${r.label}, ${l}`}
                      filters={{ ...r.filters, due: "late" }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Figure
                      value={r.dueThisWeek}
                      label={`${r.label}, ${wk}`}
                      filters={{ ...r.filters, due: "week" }}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </section>
  );
}
