import { Anchor, Group, Loader, NativeSelect, Table } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
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
  // One procedure at a time: the whole matrix runs to hundreds of lines (the CSV has it all).
  const [procedureId, setProcedureId] = useState<string | null>(null);
  if (matrix.isPending) return <Loader aria-label={t("common.loading")} />;
  if (matrix.isError) return <ErrorNotice error={matrix.error} />;
  const procedures = [
    ...new Map(
      matrix.data.steps.map((s) => [s.procedureId, `${s.procedureTitle} (v${s.version})`]),
    ).entries(),
  ];
  const shown = procedureId ?? procedures[0]?.[0] ?? "";
  const holders = (role: string | null, unit: string | null) => {
    const names = matrix.data.holders
      .filter((h) => h.roleCode === role && h.active && (unit === null || h.unitCode === unit))
      .map((h) => `${h.name} (${h.unitCode})`);
    // A role like "Agent" is held by many: the first few, and how many in all.
    return names.length > 4 ? `${names.slice(0, 4).join(", ")}… (${names.length})` : names.join(", ");
  };
  return (
    <>
      <Group align="flex-end" gap="md">
        <NativeSelect
          label={t("admin.matrix.procedure")}
          value={shown}
          onChange={(e) => setProcedureId(e.currentTarget.value)}
          data={procedures.map(([value, label]) => ({ value, label }))}
          maw={600}
        />
        <Anchor href="/api/role-matrix/export?format=csv" download>
          {t("admin.matrix.export")}
        </Anchor>
      </Group>
      <Table striped withTableBorder verticalSpacing={4} mt="sm" data-testid="role-matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("admin.matrix.step")}</Table.Th>
            <Table.Th scope="col">{t("admin.matrix.role")}</Table.Th>
            <Table.Th scope="col">{t("admin.matrix.unit")}</Table.Th>
            <Table.Th scope="col">{t("admin.matrix.holders")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matrix.data.steps
            .filter((s) => s.procedureId === shown)
            .map((s) => (
              <Table.Tr key={`${s.procedureId}/${s.stepId}/${s.actorCode}`}>
                <Table.Td>{s.stepTitle}</Table.Td>
                <Table.Td>{s.roleCode ?? s.relative ?? s.actorCode}</Table.Td>
                <Table.Td>{s.unitCode ?? "—"}</Table.Td>
                <Table.Td>{holders(s.roleCode, s.unitCode) || "—"}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
