import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { userList } from "../../../../shared/api/users.js";
import { api } from "../../api/client.js";

/** The organisation's active accounts as choices (one page of 200: enough for a picker by name). */
export function useUserChoices() {
  const users = useQuery({
    queryKey: ["admin", "users", "choices"],
    queryFn: async () => (await api.get<z.infer<typeof userList>>("/api/users?active=true&limit=200")).items,
  });
  const options = (users.data ?? [])
    .map((u) => ({ value: u.id, label: `${u.name} (${u.matricule})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { ...users, options };
}
