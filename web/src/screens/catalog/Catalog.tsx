import { Badge, Stack, Table, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useProcedures } from "../../api/hooks.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { bilingual } from "../../components/format.js";
import { ImportVersion } from "./ImportVersion.js";

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
            <Table.Th>{t("catalog.steps")}</Table.Th>
            <Table.Th>{t("catalog.deadline")}</Table.Th>
            <Table.Th>{t("catalog.reconstructed")}</Table.Th>
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
              <Table.Td>
                {p.version}
                {p.expired && (
                  <Badge ml="xs" variant="filled" color="red.9" title={t("catalog.expiredHint")}>
                    {t("catalog.expired")}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{p.stepCount}</Table.Td>
              <Table.Td style={{ whiteSpace: "normal" }}>{bilingual(p.deadlineSummary)}</Table.Td>
              <Table.Td>
                {p.reconstructed && (
                  <Badge variant="filled" color="yellow.9" c="black">
                    {t("catalog.reconstructedShort")}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ImportVersion />
    </Stack>
  );
}
