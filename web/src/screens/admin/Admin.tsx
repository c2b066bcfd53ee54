import { Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Administration: org chart, users, roles, delegations, API tokens (screens to come). */
export function Admin() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("nav.admin")}
      </Title>
      <Text>{t("admin.comingSoon")}</Text>
    </Stack>
  );
}
