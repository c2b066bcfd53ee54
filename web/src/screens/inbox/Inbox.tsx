import { Badge, Group, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import { useQueries } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type KeyboardEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { useProcedures, useTasks } from "../../api/hooks.js";
import type { ProcedureVersionView, TaskItem } from "../../api/types.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { type DueState, dueState, formatDateTime, formatWaiting } from "../../components/format.js";

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
  const tasks = useTasks();
  const procedures = useProcedures();
  const navigate = useNavigate();
  const [procedureId, setProcedureId] = useState("");
  const [due, setDue] = useState("");

  // Step titles come from each procedure's definition (cached, one request per procedure).
  const definitions = useQueries({
    queries: Array.from(new Set((tasks.data ?? []).map((x) => x.procedureId))).map((id) => ({
      queryKey: ["procedure", id],
      queryFn: () => api.get<ProcedureVersionView>(`/api/procedures/${id}`),
      staleTime: 300_000,
    })),
  });
  const stepTitleOf = (task: TaskItem) =>
    task.stepTitle ??
    definitions
      .map((d) => d.data)
      .find((d) => d?.id === task.procedureId)
      ?.steps.find((s) => s.id === task.stepId)?.title ??
    task.stepId;
  const titleOf = useMemo(() => {
    const map = new Map((procedures.data ?? []).map((p) => [p.id, p.title]));
    return (task: TaskItem) => task.procedureTitle ?? map.get(task.procedureId) ?? task.procedureId;
  }, [procedures.data]);

  const all = tasks.data ?? [];
  const now = new Date();
  const visible = all
    .filter((task) => !procedureId || task.procedureId === procedureId)
    .filter((task) => !due || dueState(task.dueAt, now) === due)
    .sort(
      (a, b) =>
        (a.dueAt ?? "9999").localeCompare(b.dueAt ?? "9999") || a.createdAt.localeCompare(b.createdAt),
    );

  // Groups by procedure then step, in the order of their most urgent task.
  const groups = new Map<string, TaskItem[]>();
  for (const task of visible) {
    const key = `${task.procedureId}\u0000${task.stepId}`;
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  const counts: Record<DueState, number> = { late: 0, today: 0, week: 0, later: 0, none: 0 };
  for (const task of all) counts[dueState(task.dueAt, now)]++;

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
    ...Array.from(new Set(all.map((x) => x.procedureId))).map((id) => ({
      value: id,
      label: titleOf(all.find((x) => x.procedureId === id)!),
    })),
  ];
  const dueOptions = [
    { value: "", label: t("inbox.due.all") },
    ...(["late", "today", "week", "later", "none"] as const).map((d) => ({
      value: d,
      label: `${t(`inbox.due.${d}`)} (${counts[d]})`,
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
            {t("inbox.due.late")} : {counts.late}
          </Badge>
          <Badge color={DUE_COLORS.today} variant="filled">
            {t("inbox.due.today")} : {counts.today}
          </Badge>
          <Badge color={DUE_COLORS.week} variant="filled">
            {t("inbox.due.week")} : {counts.week}
          </Badge>
        </Group>
      </Group>
      <Group gap="sm" wrap="wrap">
        <NativeSelect
          label={t("inbox.procedure")}
          data={procedureOptions}
          value={procedureId}
          onChange={(e) => setProcedureId(e.currentTarget.value)}
        />
        <NativeSelect
          label={t("inbox.dueFilter")}
          data={dueOptions}
          value={due}
          onChange={(e) => setDue(e.currentTarget.value)}
        />
      </Group>
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
                {titleOf(first)} — {stepTitleOf(first)}{" "}
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
                          <Table.Td style={{ whiteSpace: "normal" }}>{task.caseTitle ?? "—"}</Table.Td>
                          <Table.Td>{task.requesterName ?? "—"}</Table.Td>
                          <Table.Td>
                            <Text span c={DUE_COLORS[state]} fw={state === "late" ? 700 : 400} size="sm">
                              {formatDateTime(task.dueAt)}
                              {state === "late" || state === "today" ? ` · ${t(`inbox.due.${state}`)}` : ""}
                            </Text>
                          </Table.Td>
                          <Table.Td>{formatWaiting(task.createdAt, now)}</Table.Td>
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
