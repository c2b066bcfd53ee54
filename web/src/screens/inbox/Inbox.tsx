import { Badge, Group, NativeSelect, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { type KeyboardEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useTaskCounts, useTasks } from "../../api/hooks.js";
import type { InboxFilters, TaskItem } from "../../api/types.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { type DueState, dueState, formatDateTime, formatWaiting } from "../../components/format.js";
import { Workload } from "./Workload.js";

// Dark enough for white text on them and for them as text on white (AA).
const DUE_COLORS: Record<DueState, string> = {
  late: "red.9",
  today: "#9c3500",
  week: "#6e5400",
  later: "gray.7",
  none: "gray.7",
};

/** Mes tâches: what waits for me and my units, by procedure and step, soonest due first. */
export function Inbox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [scope, setScope] = useState<InboxFilters["scope"]>("all");
  const [procedureId, setProcedureId] = useState("");
  const [stepId, setStepId] = useState("");
  const [due, setDue] = useState("");
  // The server filters (scope, procedure, step, due) and sorts soonest due first.
  const tasks = useTasks({
    scope,
    procedureId: procedureId || undefined,
    stepId: stepId || undefined,
    due: (due || undefined) as InboxFilters["due"],
  });
  const countsQuery = useTaskCounts(scope);
  const now = new Date();
  const visible = tasks.data ?? [];

  // Groups by procedure then step, in the order of their most urgent task.
  const groups = new Map<string, TaskItem[]>();
  for (const task of visible) {
    const key = `${task.procedureId}\u0000${task.stepId}`;
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  const counts = countsQuery.data;
  const byDue: Record<DueState, number> = counts?.byDue ?? { late: 0, today: 0, week: 0, later: 0, none: 0 };

  // Arrow keys move from task to task; Enter opens the focused one (it is a link).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>("a[data-task]"));
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    const next = links[Math.min(links.length - 1, Math.max(0, index + (event.key === "ArrowDown" ? 1 : -1)))];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  const procedureOptions = [
    { value: "", label: t("inbox.allProcedures") },
    ...(counts?.byProcedure ?? []).map((p) => ({ value: p.key, label: `${p.title} (${p.count})` })),
  ];
  const stepOptions = [
    { value: "", label: t("inbox.allSteps") },
    ...(counts?.byStep ?? [])
      .filter((s) => !procedureId || s.procedureId === procedureId)
      .map((s) => ({ value: s.key, label: `${s.title} (${s.count})` })),
  ];
  const dueOptions = [
    { value: "", label: t("inbox.due.all") },
    ...(["late", "today", "week", "later", "none"] as const).map((d) => ({
      value: d,
      label: `${t(`inbox.due.${d}`)} (${byDue[d]})`,
    })),
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={1} size="h2">
          {t("inbox.title")}{" "}
          <Text span c="dimmed" size="lg">
            ({visible.length})
          </Text>
        </Title>
        <Group gap="sm" wrap="wrap">
          <Badge color="red.9" variant="filled">
            {t("inbox.due.late")} : {byDue.late}
          </Badge>
          <Badge color={DUE_COLORS.today} variant="filled">
            {t("inbox.due.today")} : {byDue.today}
          </Badge>
          <Badge color={DUE_COLORS.week} variant="filled">
            {t("inbox.due.week")} : {byDue.week}
          </Badge>
        </Group>
      </Group>
      <SegmentedControl
        aria-label={t("inbox.scope.label")}
        value={scope}
        onChange={(value) => setScope(value as InboxFilters["scope"])}
        data={(["mine", "units", "all"] as const).map((s) => ({ value: s, label: t(`inbox.scope.${s}`) }))}
        style={{ alignSelf: "flex-start", maxWidth: "100%" }}
      />
      <Group gap="sm" wrap="wrap">
        <NativeSelect
          label={t("inbox.procedure")}
          data={procedureOptions}
          value={procedureId}
          onChange={(e) => {
            setProcedureId(e.currentTarget.value);
            setStepId("");
          }}
        />
        <NativeSelect
          label={t("inbox.step")}
          data={stepOptions}
          value={stepId}
          onChange={(e) => setStepId(e.currentTarget.value)}
        />
        <NativeSelect
          label={t("inbox.dueFilter")}
          data={dueOptions}
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
        />
      </Group>
      {scope === "units" && <Workload />}
      <ErrorNotice error={tasks.error} />
      {tasks.isSuccess && visible.length === 0 && <Text>{t("inbox.empty")}</Text>}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the links inside, which stay the focusable controls */}
      <div onKeyDown={onKeyDown} role="presentation">
        {Array.from(groups.entries()).map(([key, items]) => {
          const first = items[0]!;
          const headingId = `group-${key.replace(/[^a-z0-9]/gi, "-")}`;
          return (
            <section key={key} aria-labelledby={headingId} style={{ marginBottom: 16 }}>
              <Title order={2} size="h5" id={headingId} mb={4}>
                {first.procedureTitle} — {first.stepTitle}{" "}
                <Text span c="dimmed" size="sm">
                  ({items.length})
                </Text>
              </Title>
              <Table.ScrollContainer minWidth={640}>
                <Table className="lg-table" striped verticalSpacing={4} aria-labelledby={headingId}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("inbox.columns.number")}</Table.Th>
                      <Table.Th>{t("inbox.columns.title")}</Table.Th>
                      <Table.Th>{t("inbox.columns.requester")}</Table.Th>
                      <Table.Th>{t("inbox.columns.due")}</Table.Th>
                      <Table.Th>{t("inbox.columns.waiting")}</Table.Th>
                      <Table.Th>{t("inbox.columns.caseAge")}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((task) => {
                      const state = dueState(task.dueAt, now);
                      return (
                        <Table.Tr
                          key={task.id}
                          className="lg-row"
                          onDoubleClick={() =>
                            void navigate({ to: "/dossiers/$caseId", params: { caseId: task.caseId } })
                          }
                        >
                          <Table.Td>
                            <AnchorLink
                              to="/dossiers/$caseId"
                              params={{ caseId: task.caseId }}
                              data-task={task.id}
                              fw={600}
                            >
                              {task.registryNumber}
                            </AnchorLink>
                          </Table.Td>
                          <Table.Td style={{ whiteSpace: "normal" }}>
                            {task.caseTitle || "—"}
                            {task.returned && (
                              <Text size="xs" c="#9c3500" fw={600} data-testid="inbox-returned">
                                {t("inbox.returned", {
                                  who: task.returned.byName ?? t("case.returnedBySomeone"),
                                  reason: task.returned.reason,
                                })}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>{task.requesterName}</Table.Td>
                          <Table.Td>
                            <Text span c={DUE_COLORS[state]} fw={state === "late" ? 700 : 400} size="sm">
                              {formatDateTime(task.dueAt)}
                              {state === "late" || state === "today" ? ` · ${t(`inbox.due.${state}`)}` : ""}
                            </Text>
                          </Table.Td>
                          <Table.Td>{formatWaiting(task.createdAt, now)}</Table.Td>
                          <Table.Td>{formatWaiting(task.caseCreatedAt, now)}</Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </section>
          );
        })}
      </div>
    </Stack>
  );
}
