import {
  Alert,
  Button,
  Code,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Table,
  TextInput,
  Title,
} from "@mantine/core";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { passwordReset, userList, userView, userWithPassword } from "../../../../shared/api/users.js";
import { api, query } from "../../api/client.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { unitOptions, useRoles, useUnitTree } from "./adminData.js";

type UserView = z.infer<typeof userView>;

/** The accounts: search, create (default password shown once), then manage one at a time. */
export function Users() {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ["admin", "users", q],
    queryFn: async () =>
      (await api.get<z.infer<typeof userList>>(`/api/users${query({ q: q.trim(), limit: 100 })}`)).items,
    placeholderData: keepPreviousData,
  });
  return (
    <Stack gap="md">
      <CreateUser onCreated={setSelected} />
      <TextInput
        label={t("admin.users.search")}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        maw={400}
      />
      {users.isError && <ErrorNotice error={users.error} />}
      {users.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : (
        <Table striped withTableBorder verticalSpacing={4} data-testid="users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("admin.users.matricule")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.name")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.email")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.active")}</Table.Th>
              <Table.Th scope="col">{t("admin.users.isAdmin")}</Table.Th>
              <Table.Th scope="col">
                <span className="lg-sr-only">{t("admin.actions")}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(users.data ?? []).map((u) => (
              <Table.Tr key={u.id} aria-selected={u.id === selected}>
                <Table.Td>{u.matricule}</Table.Td>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email ?? "—"}</Table.Td>
                <Table.Td>{u.active ? t("admin.yes") : t("admin.no")}</Table.Td>
                <Table.Td>{u.isAdmin ? t("admin.yes") : t("admin.no")}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => setSelected(u.id)}
                    aria-label={t("admin.users.manageOne", { name: u.name })}
                  >
                    {t("admin.users.manage")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {selected && <UserDetail userId={selected} />}
    </Stack>
  );
}

function CreateUser({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const units = useUnitTree();
  const [form, setForm] = useState({ matricule: "", name: "", email: "", unitId: "" });
  const create = useMutation({
    mutationFn: () =>
      api.post<z.infer<typeof userWithPassword>>("/api/users", {
        matricule: form.matricule,
        name: form.name,
        email: form.email.trim() || null,
        unitId: form.unitId,
      }),
    onSuccess: (created) => {
      setForm({ matricule: "", name: "", email: "", unitId: "" });
      onCreated(created.user.id);
      void client.invalidateQueries({ queryKey: ["admin"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [key]: e.currentTarget.value });
  const error = create.error;
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="create-user-title"
    >
      <Title order={2} size="h4" id="create-user-title" mb="xs">
        {t("admin.users.create")}
      </Title>
      {!namesAField(error, ["matricule", "name", "email", "unitId"]) && <ErrorNotice error={error} />}
      <Group align="flex-start" wrap="wrap" gap="sm">
        <TextInput
          label={t("admin.users.matricule")}
          value={form.matricule}
          onChange={set("matricule")}
          required
          error={fieldError(error, "matricule")}
        />
        <TextInput
          label={t("admin.users.name")}
          value={form.name}
          onChange={set("name")}
          required
          error={fieldError(error, "name")}
        />
        <TextInput
          label={t("admin.users.email")}
          type="email"
          value={form.email}
          onChange={set("email")}
          error={fieldError(error, "email")}
        />
        <NativeSelect
          label={t("admin.users.unit")}
          value={form.unitId}
          onChange={set("unitId")}
          data={[{ value: "", label: "—" }, ...unitOptions(units.data)]}
          required
          error={fieldError(error, "unitId")}
        />
      </Group>
      <Button type="submit" mt="sm" loading={create.isPending}>
        {t("admin.users.createSubmit")}
      </Button>
      {create.data && (
        <Alert color="green" mt="sm" role="status" data-testid="default-password">
          {t("admin.users.defaultPassword", { name: create.data.user.name })}{" "}
          <Code fz="md">{create.data.defaultPassword}</Code>
        </Alert>
      )}
    </Paper>
  );
}

function UserDetail({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ["admin", "user", userId];
  const user = useQuery({ queryKey: key, queryFn: () => api.get<UserView>(`/api/users/${userId}`) });
  const refresh = () => client.invalidateQueries({ queryKey: ["admin"] });
  const setActive = useMutation({
    mutationFn: (active: boolean) => api.patch(`/api/users/${userId}`, { active }),
    onSettled: refresh,
  });
  const reset = useMutation({
    mutationFn: () => api.post<z.infer<typeof passwordReset>>(`/api/users/${userId}/password-reset`),
  });
  if (user.isPending) return <Loader aria-label={t("common.loading")} />;
  if (user.isError) return <ErrorNotice error={user.error} />;
  const u = user.data;
  return (
    <Paper
      withBorder
      p="sm"
      data-testid="user-detail"
      aria-labelledby="user-detail-title"
      component="section"
    >
      <Title order={2} size="h4" id="user-detail-title" mb="xs">
        {u.name} ({u.matricule})
      </Title>
      <ErrorNotice error={setActive.error ?? reset.error} />
      <Group gap="sm" mb="sm">
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => setActive.mutate(!u.active)}
          loading={setActive.isPending}
        >
          {u.active ? t("admin.users.deactivate") : t("admin.users.activate")}
        </Button>
        {u.authSource === "local" && (
          <Button size="compact-sm" variant="light" onClick={() => reset.mutate()} loading={reset.isPending}>
            {t("admin.users.resetPassword")}
          </Button>
        )}
      </Group>
      {reset.data && (
        <Alert color="green" mb="sm" role="status" data-testid="reset-password">
          {t("admin.users.defaultPassword", { name: u.name })}{" "}
          <Code fz="md">{reset.data.defaultPassword}</Code>
        </Alert>
      )}
      <Memberships user={u} onChange={refresh} />
    </Paper>
  );
}

function Memberships({ user, onChange }: { user: UserView; onChange: () => void }) {
  const { t } = useTranslation();
  const units = useUnitTree();
  const roles = useRoles();
  const [roleCode, setRoleCode] = useState("");
  const [unitId, setUnitId] = useState("");
  const add = useMutation({
    mutationFn: () => api.post(`/api/users/${user.id}/memberships`, { roleCode, unitId }),
    onSuccess: onChange,
  });
  const remove = useMutation({
    mutationFn: (m: { roleCode: string; unitId: string }) =>
      api.delete(`/api/users/${user.id}/memberships/${encodeURIComponent(m.roleCode)}/${m.unitId}`),
    onSettled: onChange,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const error = add.error;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t("admin.users.memberships")}
      </Title>
      <ErrorNotice error={remove.error} />
      <Table withTableBorder verticalSpacing={2} data-testid="memberships">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("admin.users.role")}</Table.Th>
            <Table.Th scope="col">{t("admin.users.unit")}</Table.Th>
            <Table.Th scope="col">
              <span className="lg-sr-only">{t("admin.actions")}</span>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {user.memberships.map((m) => (
            <Table.Tr key={`${m.roleCode}/${m.unitId}`}>
              <Table.Td>{m.roleTitle}</Table.Td>
              <Table.Td>{m.unitName}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  color="red"
                  variant="light"
                  onClick={() => remove.mutate(m)}
                  aria-label={t("admin.users.removeMembership", { role: m.roleTitle, unit: m.unitName })}
                >
                  {t("admin.remove")}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={submit} noValidate aria-label={t("admin.users.addMembership")}>
        {!namesAField(error, ["roleCode", "unitId"]) && <ErrorNotice error={error} />}
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label={t("admin.users.role")}
            value={roleCode}
            onChange={(e) => setRoleCode(e.currentTarget.value)}
            data={[
              { value: "", label: "—" },
              ...(roles.data ?? []).map((r) => ({ value: r.code, label: r.title })),
            ]}
            error={fieldError(error, "roleCode")}
          />
          <NativeSelect
            label={t("admin.users.membershipUnit")}
            value={unitId}
            onChange={(e) => setUnitId(e.currentTarget.value)}
            data={[{ value: "", label: "—" }, ...unitOptions(units.data)]}
            error={fieldError(error, "unitId")}
          />
          <Button type="submit" loading={add.isPending}>
            {t("admin.users.addMembership")}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
