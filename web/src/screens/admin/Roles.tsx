import { Loader, Switch, Table } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { useRoles } from "./adminData.js";

/** The roles, and the switch marking those whose holders must use a second factor. */
export function Roles() {
  const { t } = useTranslation();
  const roles = useRoles();
  const client = useQueryClient();
  const setPrivileged = useMutation({
    mutationFn: ({ code, privileged }: { code: string; privileged: boolean }) =>
      api.patch(`/api/roles/${encodeURIComponent(code)}`, { privileged }),
    onSettled: () => client.invalidateQueries({ queryKey: ["admin"] }),
  });
  if (roles.isPending) return <Loader aria-label={t("common.loading")} />;
  if (roles.isError) return <ErrorNotice error={roles.error} />;
  return (
    <>
      <ErrorNotice error={setPrivileged.error} />
      <Table striped withTableBorder verticalSpacing={4} data-testid="roles">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("admin.roles.code")}</Table.Th>
            <Table.Th scope="col">{t("admin.roles.title")}</Table.Th>
            <Table.Th scope="col">{t("admin.roles.privileged")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.data.map((role) => (
            <Table.Tr key={role.code}>
              <Table.Td>{role.code}</Table.Td>
              <Table.Td>{role.title}</Table.Td>
              <Table.Td>
                <Switch
                  checked={role.privileged}
                  label={t("admin.roles.privilegedFor", { title: role.title })}
                  onChange={(e) =>
                    setPrivileged.mutate({ code: role.code, privileged: e.currentTarget.checked })
                  }
                  disabled={setPrivileged.isPending}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
