import { Badge, Button, Group, Loader, NativeSelect, Paper, Table, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { delegationList } from "../../../../shared/api/delegations.js";
import { api } from "../../api/client.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { formatDate } from "../../components/format.js";
import { useSession } from "../../session.js";
import { useUserChoices } from "./useAllUsers.js";

/** Intérims: who stands in for whom, when; create and revoke. */
export function Delegations() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const delegations = useQuery({
    queryKey: ["admin", "delegations"],
    queryFn: async () => (await api.get<z.infer<typeof delegationList>>("/api/delegations?limit=200")).items,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.post(`/api/delegations/${id}/revoke`),
    onSettled: () => client.invalidateQueries({ queryKey: ["admin", "delegations"] }),
  });
  return (
    <>
      <CreateDelegation />
      <ErrorNotice error={delegations.error ?? revoke.error} />
      {delegations.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : (
        <Table striped withTableBorder verticalSpacing={4} mt="md" data-testid="delegations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("admin.delegations.absent")}</Table.Th>
              <Table.Th scope="col">{t("admin.delegations.deputy")}</Table.Th>
              <Table.Th scope="col">{t("admin.delegations.from")}</Table.Th>
              <Table.Th scope="col">{t("admin.delegations.to")}</Table.Th>
              <Table.Th scope="col">{t("admin.delegations.reason")}</Table.Th>
              <Table.Th scope="col">{t("admin.delegations.state")}</Table.Th>
              <Table.Th scope="col">
                <span className="lg-sr-only">{t("admin.actions")}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(delegations.data ?? []).map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.userName}</Table.Td>
                <Table.Td>{d.deputyName}</Table.Td>
                <Table.Td>{formatDate(d.fromDate)}</Table.Td>
                <Table.Td>{formatDate(d.toDate)}</Table.Td>
                <Table.Td>{d.reason ?? "—"}</Table.Td>
                <Table.Td>
                  {d.revokedAt ? (
                    <Badge color="gray">{t("admin.delegations.revoked")}</Badge>
                  ) : d.inForce ? (
                    <Badge color="green">{t("admin.delegations.inForce")}</Badge>
                  ) : (
                    <Badge color="blue">{t("admin.delegations.planned")}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {!d.revokedAt && (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      onClick={() => revoke.mutate(d.id)}
                      aria-label={t("admin.delegations.revokeOne", {
                        name: d.userName,
                        deputy: d.deputyName,
                      })}
                    >
                      {t("admin.delegations.revoke")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

function CreateDelegation() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const users = useUserChoices();
  // Only an administrator declares an intérim for someone else; anyone declares their own.
  const isAdmin = useSession().data?.user.isAdmin ?? false;
  const empty = { userId: "", deputyId: "", fromDate: "", toDate: "", reason: "" };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: () => api.post("/api/delegations", { ...form, userId: form.userId || undefined }),
    onSuccess: () => {
      setForm(empty);
      void client.invalidateQueries({ queryKey: ["admin", "delegations"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  const error = create.error;
  const fields = ["userId", "deputyId", "fromDate", "toDate", "reason"];
  const choices = [{ value: "", label: "—" }, ...users.options];
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="create-delegation-title"
    >
      <Title order={2} size="h4" id="create-delegation-title" mb="xs">
        {t("admin.delegations.create")}
      </Title>
      {!namesAField(error, fields) && <ErrorNotice error={error} />}
      <Group align="flex-start" gap="sm" wrap="wrap">
        {isAdmin && (
          <NativeSelect
            label={t("admin.delegations.absent")}
            description={t("admin.delegations.absentHint")}
            value={form.userId}
            onChange={set("userId")}
            data={choices}
            error={fieldError(error, "userId")}
          />
        )}
        <NativeSelect
          label={t("admin.delegations.deputy")}
          value={form.deputyId}
          onChange={set("deputyId")}
          data={choices}
          required
          error={fieldError(error, "deputyId")}
        />
        <TextInput
          type="date"
          label={t("admin.delegations.from")}
          value={form.fromDate}
          onChange={set("fromDate")}
          required
          error={fieldError(error, "fromDate")}
        />
        <TextInput
          type="date"
          label={t("admin.delegations.to")}
          value={form.toDate}
          onChange={set("toDate")}
          required
          error={fieldError(error, "toDate")}
        />
        <TextInput
          label={t("admin.delegations.reason")}
          value={form.reason}
          onChange={set("reason")}
          required
          error={fieldError(error, "reason")}
        />
      </Group>
      <Button type="submit" mt="sm" loading={create.isPending}>
        {t("admin.delegations.createSubmit")}
      </Button>
    </Paper>
  );
}
