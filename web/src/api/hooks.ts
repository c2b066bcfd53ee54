import { useQuery } from "@tanstack/react-query";
import { api } from "./client.js";
import type {
  CaseView,
  InboxCounts,
  InboxFilters,
  ProcedureSummary,
  ProcedureVersionView,
  TaskItem,
} from "./types.js";

/** The queries several screens share, under one key each. */

export function useProcedures() {
  return useQuery({
    queryKey: ["procedures"],
    // The procedures in force of the person's organisation: a catalog holds tens, one page of 200.
    queryFn: async () =>
      (await api.get<{ items: ProcedureSummary[]; nextCursor: string | null }>("/api/procedures?limit=200"))
        .items,
    staleTime: 300_000,
  });
}

/** A procedure in force: its definition and its table of steps as the server presents it. */
export function useProcedureVersion(procedureId: string | undefined) {
  return useQuery({
    queryKey: ["procedure", procedureId],
    queryFn: () => api.get<ProcedureVersionView>(`/api/procedures/${procedureId}`),
    enabled: Boolean(procedureId),
    staleTime: 300_000,
  });
}

export function useDefinition(procedureId: string | undefined) {
  const query = useProcedureVersion(procedureId);
  return { ...query, data: query.data?.definition };
}

/** Query string of the inbox filters, empty values left out. */
function inboxParams(filters: Partial<InboxFilters>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  return params.toString();
}

export function useTasks(filters: Partial<InboxFilters> = {}) {
  return useQuery({
    queryKey: ["tasks", filters],
    queryFn: async () => {
      const body = await api.get<{ items: TaskItem[]; nextCursor: string | null }>(
        `/api/tasks?limit=200&${inboxParams(filters)}`,
      );
      return body.items;
    },
    refetchInterval: 60_000,
  });
}

/** Counts per procedure, step and due state, for the same scope (the other filters left out). */
export function useTaskCounts(scope: InboxFilters["scope"]) {
  return useQuery({
    queryKey: ["tasks", "counts", scope],
    queryFn: () => api.get<InboxCounts>(`/api/tasks/counts?${inboxParams({ scope })}`),
    refetchInterval: 60_000,
  });
}

export function caseKey(caseId: string) {
  return ["case", caseId] as const;
}

export function useCase(caseId: string) {
  return useQuery({
    queryKey: caseKey(caseId),
    queryFn: () => api.get<CaseView>(`/api/cases/${caseId}`),
  });
}

/** The bell's count: how many of my notifications are unread. */
export function useUnreadCount() {
  return useQuery({
    queryKey: ["notifications", "unread"],
    queryFn: async () => (await api.get<{ unread: number }>("/api/notifications/unread-count")).unread,
    refetchInterval: 30_000,
  });
}
