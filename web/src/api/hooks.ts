import { useQuery } from "@tanstack/react-query";
import { api } from "./client.js";
import type { CaseView, ProcedureSummary, ProcedureVersionView, TaskItem } from "./types.js";

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

export function useTasks() {
  return useQuery({
    queryKey: ["tasks"],
    queryFn: async () => {
      // Accepts the paged shape ({ items }) as well as the first one ({ tasks }).
      const body = await api.get<{ tasks?: TaskItem[]; items?: TaskItem[] }>("/api/tasks?limit=200");
      return body.items ?? body.tasks ?? [];
    },
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
