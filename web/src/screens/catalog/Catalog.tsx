import { Badge, Stack, Table, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useProcedures } from "../../api/hooks.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";

/** Catalogue: every procedure and version, each leading to its logigramme and table of steps. */
export function Catalog() {
  const { t } = useTranslation();
  const procedures = useProcedures();
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("catalog.title")}
      </Title>
      <ErrorNotice error={procedures.error} />
      <Table striped verticalSpacing={4} data-testid="catalog">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("catalog.procedure")}</Table.Th>
            <Table.Th>{t("catalog.organisation")}</Table.Th>
            <Table.Th>{t("catalog.version")}</Table.Th>
            <Table.Th>{t("case.status")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(procedures.data ?? []).map((p) => (
            <Table.Tr key={`${p.id}-${p.version}`}>
              <Table.Td>
                <AnchorLink to="/catalogue/$procedureId" params={{ procedureId: p.id }}>
                  {p.title}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{p.organisation.toUpperCase()}</Table.Td>
              <Table.Td>{p.version}</Table.Td>
              <Table.Td>
                <Badge variant="filled" color={p.status === "in_force" ? "green.9" : "gray.8"}>
                  {t(`catalog.status.${p.status}`, { defaultValue: p.status })}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
