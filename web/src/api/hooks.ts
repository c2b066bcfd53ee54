import { useQuery } from "@tanstack/react-query";
import { api } from "./client.js";
import type { CaseView, ProcedureDefinition, ProcedureSummary, TaskItem } from "./types.js";

/** The queries several screens share, under one key each. */

export function useProcedures() {
  return useQuery({
    queryKey: ["procedures"],
    queryFn: async () => (await api.get<{ procedures: ProcedureSummary[] }>("/api/procedures")).procedures,
    staleTime: 300_000,
  });
}

export function useDefinition(procedureId: string | undefined) {
  return useQuery({
    queryKey: ["procedure", procedureId],
    queryFn: async () =>
      (await api.get<{ definition: ProcedureDefinition }>(`/api/procedures/${procedureId}`)).definition,
    enabled: Boolean(procedureId),
    staleTime: 300_000,
  });
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
