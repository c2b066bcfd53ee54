import { Stack, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Delegations } from "./Delegations.js";

/** Anyone's own intérims (as the absent person, the deputy or their author), from the header. */
export function MyDelegations() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("admin.delegations.mine")}
      </Title>
      <Delegations />
    </Stack>
  );
}
