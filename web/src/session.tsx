import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken } from "./api/client.js";
import type { SessionView } from "./api/types.js";

export const SESSION_KEY = ["session"] as const;

/** The signed-in person, or null when nobody is (401). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async (): Promise<SessionView | null> => {
      try {
        const session = await api.get<SessionView>("/api/session");
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useSetSession() {
  const client = useQueryClient();
  return (session: SessionView | null) => {
    setCsrfToken(session?.csrfToken ?? null);
    if (session === null) client.clear();
    client.setQueryData(SESSION_KEY, session);
  };
}
