import { Badge, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../../api/client.js";
import type { Workload as WorkloadView } from "../../api/types.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";

/**
 * What waits in each unit a head oversees: the queue nobody has taken, and what each person
 * holds, late tasks apart. Shown to heads only (the server refuses the others, and then nothing shows).
 */
export function Workload() {
  const { t } = useTranslation();
  const workload = useQuery({
    queryKey: ["tasks", "workload"],
    queryFn: () => api.get<WorkloadView>("/api/tasks/workload"),
    retry: false,
  });
  if (workload.error instanceof ApiError && workload.error.status === 403) return null;
  if (workload.error) return <ErrorNotice error={workload.error} />;
  const units = workload.data?.units ?? [];
  if (units.length === 0) return null;
  return (
    <section aria-labelledby="workload-title" data-testid="workload">
      <Title order={2} size="h4" id="workload-title" mb="xs">
        {t("workload.title")}
      </Title>
      <Stack gap="sm">
        {units.map((u) => (
          <Table.ScrollContainer key={u.unit.id} minWidth={360}>
            <Table striped verticalSpacing={2} className="lg-table" aria-label={u.unit.name}>
              <Table.Caption style={{ captionSide: "top", textAlign: "left" }}>
                <Text fw={600} span>
                  {u.unit.name}
                </Text>
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("workload.person")}</Table.Th>
                  <Table.Th>{t("workload.open")}</Table.Th>
                  <Table.Th>{t("workload.late")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>
                    <Text span fs="italic">
                      {t("workload.queue")}
                    </Text>
                  </Table.Td>
                  <Table.Td>{u.queue.open}</Table.Td>
                  <Table.Td>{u.queue.late > 0 ? <Badge color="red.9">{u.queue.late}</Badge> : 0}</Table.Td>
                </Table.Tr>
                {u.people.map((p) => (
                  <Table.Tr key={p.person.id}>
                    <Table.Td>{p.person.name}</Table.Td>
                    <Table.Td>{p.open}</Table.Td>
                    <Table.Td>{p.late > 0 ? <Badge color="red.9">{p.late}</Badge> : 0}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
      </Stack>
    </section>
  );
}
