import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Table,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { ApiScope, apiTokenList, CreatedApiToken } from "../../../../shared/api/apiTokens.js";
import { api } from "../../api/client.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { formatDate } from "../../components/format.js";
import { useUserChoices } from "./useAllUsers.js";

// The scopes, typed against the server's list without bundling zod for it: a scope added there
// fails the type check here until it is offered.
const SCOPE_CHOICES: Record<ApiScope, true> = {
  "cases:read": true,
  "cases:write": true,
  "tasks:read": true,
  "catalog:read": true,
  "org:read": true,
  "registers:read": true,
  "registers:write": true,
};
const apiScopes = Object.keys(SCOPE_CHOICES);

/** API tokens for other systems: the secret is shown once at creation; list and revoke. */
export function ApiTokens() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const users = useUserChoices();
  const tokens = useQuery({
    queryKey: ["admin", "tokens"],
    queryFn: async () => (await api.get<z.infer<typeof apiTokenList>>("/api/tokens?limit=200")).items,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/api/tokens/${id}`),
    onSettled: () => client.invalidateQueries({ queryKey: ["admin", "tokens"] }),
  });
  const userName = (id: string) => users.options.find((o) => o.value === id)?.label ?? id;
  return (
    <>
      <CreateToken />
      <ErrorNotice error={tokens.error ?? revoke.error} />
      {tokens.isPending ? (
        <Loader aria-label={t("common.loading")} />
      ) : (
        <Table striped withTableBorder verticalSpacing={4} mt="md" data-testid="tokens">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t("admin.tokens.name")}</Table.Th>
              <Table.Th scope="col">{t("admin.tokens.prefix")}</Table.Th>
              <Table.Th scope="col">{t("admin.tokens.user")}</Table.Th>
              <Table.Th scope="col">{t("admin.tokens.scopes")}</Table.Th>
              <Table.Th scope="col">{t("admin.tokens.expiresAt")}</Table.Th>
              <Table.Th scope="col">{t("admin.tokens.lastUsedAt")}</Table.Th>
              <Table.Th scope="col">
                <span className="lg-sr-only">{t("admin.actions")}</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(tokens.data ?? []).map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>
                  <Code>{token.prefix}…</Code>
                </Table.Td>
                <Table.Td>{userName(token.userId)}</Table.Td>
                <Table.Td>{token.scopes.join(", ")}</Table.Td>
                <Table.Td>{token.expiresAt ? formatDate(token.expiresAt) : "—"}</Table.Td>
                <Table.Td>{token.lastUsedAt ? formatDate(token.lastUsedAt) : "—"}</Table.Td>
                <Table.Td>
                  {token.revokedAt ? (
                    t("admin.tokens.revoked")
                  ) : (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      onClick={() => revoke.mutate(token.id)}
                      aria-label={t("admin.tokens.revokeOne", { name: token.name })}
                    >
                      {t("admin.tokens.revoke")}
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

function CreateToken() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const users = useUserChoices();
  const [name, setName] = useState("");
  const [userId, setUserId] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [expiresOn, setExpiresOn] = useState("");
  const create = useMutation({
    mutationFn: () =>
      api.post<CreatedApiToken>("/api/tokens", {
        name,
        userId,
        scopes,
        // The end of the chosen day, in the browser's time zone.
        ...(expiresOn ? { expiresAt: new Date(`${expiresOn}T23:59:59`).toISOString() } : {}),
      }),
    onSuccess: () => {
      setName("");
      setScopes([]);
      setExpiresOn("");
      void client.invalidateQueries({ queryKey: ["admin", "tokens"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const error = create.error;
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="create-token-title"
    >
      <Title order={2} size="h4" id="create-token-title" mb="xs">
        {t("admin.tokens.create")}
      </Title>
      {!namesAField(error, ["name", "userId", "scopes", "expiresAt"]) && <ErrorNotice error={error} />}
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label={t("admin.tokens.name")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          error={fieldError(error, "name")}
        />
        <NativeSelect
          label={t("admin.tokens.user")}
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
          data={[{ value: "", label: "—" }, ...users.options]}
          required
          error={fieldError(error, "userId")}
        />
        <TextInput
          type="date"
          label={t("admin.tokens.expiresAt")}
          value={expiresOn}
          onChange={(e) => setExpiresOn(e.currentTarget.value)}
          error={fieldError(error, "expiresAt")}
        />
        <Checkbox.Group
          label={t("admin.tokens.scopes")}
          value={scopes}
          onChange={(v) => setScopes(v as ApiScope[])}
          required
          error={fieldError(error, "scopes")}
        >
          <Group gap="sm" mt={4}>
            {apiScopes.map((scope) => (
              <Checkbox key={scope} value={scope} label={scope} />
            ))}
          </Group>
        </Checkbox.Group>
      </Group>
      <Button type="submit" mt="sm" loading={create.isPending}>
        {t("admin.tokens.createSubmit")}
      </Button>
      {create.data && (
        <Alert color="green" mt="sm" role="status" data-testid="token-secret">
          {t("admin.tokens.secretOnce")} <Code fz="md">{create.data.secret}</Code>
        </Alert>
      )}
    </Paper>
  );
}
