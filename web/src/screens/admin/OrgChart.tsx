import { Anchor, Group, Loader, NativeSelect, Table, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { flattenUnits, useRoles, useUnitTree } from "./adminData.js";

/** The org chart as an indented table: each unit, its kind, and the role that heads it. */
export function OrgChart() {
  const { t } = useTranslation();
  const units = useUnitTree();
  const roles = useRoles();
  const client = useQueryClient();
  const setHead = useMutation({
    mutationFn: ({ unitId, headRole }: { unitId: string; headRole: string | null }) =>
      api.patch(`/api/units/${unitId}`, { headRole }),
    onSettled: () => client.invalidateQueries({ queryKey: ["admin", "units"] }),
  });
  if (units.isPending) return <Loader aria-label={t("common.loading")} />;
  if (units.isError) return <ErrorNotice error={units.error} />;
  const roleChoices = [
    { value: "", label: "—" },
    ...(roles.data ?? []).map((r) => ({ value: r.code, label: r.title })),
  ];
  return (
    <>
      <Group gap="md">
        <Anchor href="/api/org-chart/export?kind=units" download>
          {t("admin.orgChart.exportUnits")}
        </Anchor>
        <Anchor href="/api/org-chart/export?kind=users" download>
          {t("admin.orgChart.exportUsers")}
        </Anchor>
      </Group>
      <ErrorNotice error={setHead.error} />
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
              <Table.Td>
                <NativeSelect
                  size="xs"
                  aria-label={t("admin.orgChart.headRoleOf", { unit: unit.name })}
                  value={unit.headRole ?? ""}
                  onChange={(e) =>
                    setHead.mutate({ unitId: unit.id, headRole: e.currentTarget.value || null })
                  }
                  data={roleChoices}
                  disabled={setHead.isPending}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
