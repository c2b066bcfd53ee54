import { Loader, Table } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { privilegedList } from "../../../../shared/api/users.js";
import { api } from "../../api/client.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";

/** Accounts that can do more than most (admins, privileged roles), for the periodic review. */
export function PrivilegedAccounts() {
  const { t } = useTranslation();
  const accounts = useQuery({
    queryKey: ["admin", "privileged"],
    queryFn: async () =>
      (await api.get<z.infer<typeof privilegedList>>("/api/users/privileged?limit=200")).items,
  });
  if (accounts.isPending) return <Loader aria-label={t("common.loading")} />;
  if (accounts.isError) return <ErrorNotice error={accounts.error} />;
  const yes = (b: boolean) => (b ? t("admin.yes") : t("admin.no"));
  return (
    <Table striped withTableBorder verticalSpacing={4} data-testid="privileged">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t("admin.users.matricule")}</Table.Th>
          <Table.Th scope="col">{t("admin.users.name")}</Table.Th>
          <Table.Th scope="col">{t("admin.users.isAdmin")}</Table.Th>
          <Table.Th scope="col">{t("admin.privileged.roles")}</Table.Th>
          <Table.Th scope="col">{t("admin.privileged.secondFactor")}</Table.Th>
          <Table.Th scope="col">{t("admin.users.active")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {accounts.data.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>{a.matricule}</Table.Td>
            <Table.Td>{a.name}</Table.Td>
            <Table.Td>{yes(a.isAdmin)}</Table.Td>
            <Table.Td>{a.privilegedRoles.join(", ") || "—"}</Table.Td>
            <Table.Td>{yes(a.secondFactorEnabled)}</Table.Td>
            <Table.Td>{yes(a.active)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
