import { Alert, Stack, Tabs, Title } from "@mantine/core";
import { type ComponentType, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSession } from "../../session.js";
import { ApiTokens } from "./ApiTokens.js";
import { Delegations } from "./Delegations.js";
import { Jobs } from "./Jobs.js";
import { OrgChart } from "./OrgChart.js";
import { PrivilegedAccounts } from "./PrivilegedAccounts.js";
import { RoleMatrix } from "./RoleMatrix.js";
import { Roles } from "./Roles.js";
import { Users } from "./Users.js";

const TABS = ["orgChart", "users", "roles", "delegations", "matrix", "privileged", "tokens", "jobs"] as const;
type Tab = (typeof TABS)[number];

/** Administration: one tab per concern; only the open tab renders (and fetches). */
export function Admin() {
  const { t } = useTranslation();
  const session = useSession();
  const [tab, setTab] = useState<Tab>("orgChart");
  if (!session.data?.user.isAdmin) {
    return (
      <Stack gap="sm">
        <Title order={1} size="h2">
          {t("nav.admin")}
        </Title>
        <Alert color="yellow" role="status">
          {t("admin.notAllowed")}
        </Alert>
      </Stack>
    );
  }
  const panel: Record<Tab, ComponentType> = {
    orgChart: OrgChart,
    users: Users,
    roles: Roles,
    delegations: Delegations,
    matrix: RoleMatrix,
    privileged: PrivilegedAccounts,
    tokens: ApiTokens,
    jobs: Jobs,
  };
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("nav.admin")}
      </Title>
      <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
        <Tabs.List>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`admin.tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((key) => {
          const Panel = panel[key];
          return (
            <Tabs.Panel key={key} value={key} pt="md">
              <Panel />
            </Tabs.Panel>
          );
        })}
      </Tabs>
    </Stack>
  );
}
