import { Anchor, Loader, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { RoleMatrix as Matrix } from "../../../../shared/api/roleMatrix.js";
import { api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";

/** Which role acts at which step of each procedure, and who holds the role (with its CSV export). */
export function RoleMatrix() {
  const { t } = useTranslation();
  const matrix = useQuery({
    queryKey: ["admin", "matrix"],
    queryFn: () => api.get<Matrix>("/api/role-matrix"),
  });
  if (matrix.isPending) return <Loader aria-label={t("common.loading")} />;
  if (matrix.isError) return <ErrorNotice error={matrix.error} />;
  const holders = (role: string | null) =>
    matrix.data.holders
      .filter((h) => h.roleCode === role && h.active)
      .map((h) => `${h.name} (${h.unitCode})`)
      .join(", ");
  return (
    <>
      <Anchor href="/api/role-matrix/export?format=csv" download>
        {t("admin.matrix.export")}
      </Anchor>
      <Table striped withTableBorder verticalSpacing={4} mt="sm" data-testid="role-matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("admin.matrix.procedure")}</Table.Th>
            <Table.Th scope="col">{t("admin.matrix.step")}</Table.Th>
            <Table.Th scope="col">{t("admin.matrix.role")}</Table.Th>
            <Table.Th scope="col">{t("admin.matrix.unit")}</Table.Th>
            <Table.Th scope="col">{t("admin.matrix.holders")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matrix.data.steps.map((s) => (
            <Table.Tr key={`${s.procedureId}/${s.stepId}/${s.actorCode}`}>
              <Table.Td>
                {s.procedureTitle}{" "}
                <Text span size="xs">
                  (v{s.version})
                </Text>
              </Table.Td>
              <Table.Td>{s.stepTitle}</Table.Td>
              <Table.Td>{s.roleCode ?? s.relative ?? s.actorCode}</Table.Td>
              <Table.Td>{s.unitCode ?? "—"}</Table.Td>
              <Table.Td>{holders(s.roleCode) || "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
