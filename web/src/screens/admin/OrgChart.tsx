import { Loader, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { flattenUnits, useRoles, useUnitTree } from "./adminData.js";

/** The org chart as an indented table: each unit, its kind, and the role that heads it. */
export function OrgChart() {
  const { t } = useTranslation();
  const units = useUnitTree();
  const roles = useRoles();
  if (units.isPending) return <Loader aria-label={t("common.loading")} />;
  if (units.isError) return <ErrorNotice error={units.error} />;
  const roleTitle = (code: string | null) =>
    code ? (roles.data?.find((r) => r.code === code)?.title ?? code) : "—";
  return (
    <Table striped withTableBorder verticalSpacing={4} data-testid="org-chart">
      <caption>
        <Text size="sm">{t("admin.orgChart.caption")}</Text>
      </caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("admin.orgChart.unit")}</Table.Th>
          <Table.Th scope="col">{t("admin.orgChart.code")}</Table.Th>
          <Table.Th scope="col">{t("admin.orgChart.kind")}</Table.Th>
          <Table.Th scope="col">{t("admin.orgChart.headRole")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {flattenUnits(units.data).map(({ unit, depth }) => (
          <Table.Tr key={unit.id}>
            <Table.Td style={{ paddingLeft: 8 + depth * 20 }}>{unit.name}</Table.Td>
            <Table.Td>{unit.code}</Table.Td>
            <Table.Td>{unit.kind}</Table.Td>
            <Table.Td>{roleTitle(unit.headRole)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
