import { Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { useRegisters } from "./registerApi.js";

/** Registres: the registers of the organisation the person's roles read, with what they may do. */
export function RegisterList() {
  const { t } = useTranslation();
  const registers = useRegisters();
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("registerBook.title")}
      </Title>
      <Text c="dimmed">{t("registerBook.intro")}</Text>
      <ErrorNotice error={registers.error} />
      {registers.isPending && <Loader aria-label={t("common.loading")} />}
      {registers.isSuccess && registers.data.length === 0 && <Text>{t("registerBook.none")}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {(registers.data ?? []).map((r) => (
          <Card key={r.id} withBorder padding="sm" component="section" aria-labelledby={`register-${r.id}`}>
            <Stack gap={4}>
              <AnchorLink
                id={`register-${r.id}`}
                to="/registres/$registerId"
                params={{ registerId: r.id }}
                fw={600}
              >
                {r.title}
              </AnchorLink>
              {r.description && (
                <Text size="sm" c="dimmed">
                  {r.description}
                </Text>
              )}
              <Group gap={4}>
                <Badge variant="light" color="gray">
                  {r.access.write ? t("registerBook.canWrite") : t("registerBook.readOnly")}
                </Badge>
                {r.access.archivist && (
                  <Badge variant="light" color="grape">
                    {t("registerBook.archivist")}
                  </Badge>
                )}
              </Group>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
