import { Button, Container, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import type { SessionView } from "../../api/types.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { useSetSession } from "../../session.js";

/** The password change, forced at first sign-in with a default password. */
export function ChangePassword({ forced }: { forced: boolean }) {
  const { t } = useTranslation();
  const setSession = useSetSession();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => api.post<SessionView>("/api/session/password", { currentPassword, newPassword }),
    onSuccess: async (session) => {
      // The server answers with the session; read it again if it only acknowledged.
      setSession(session?.user ? session : await api.get<SessionView>("/api/session"));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate();
  };
  const error = change.error;
  return (
    <Container size={460} py={60}>
      <Title order={1} size="h2" mb="xs">
        {t("password.title")}
      </Title>
      {forced && <Text mb="md">{t("password.forced")}</Text>}
      <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate>
        <Stack>
          {!namesAField(error, ["currentPassword", "newPassword"]) && <ErrorNotice error={error} />}
          <PasswordInput
            label={t("password.current")}
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            autoComplete="current-password"
            required
            error={fieldError(error, "currentPassword")}
          />
          <PasswordInput
            label={t("password.new")}
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            autoComplete="new-password"
            required
            description={t("password.rules")}
            error={fieldError(error, "newPassword")}
          />
          <PasswordInput
            label={t("password.confirm")}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            autoComplete="new-password"
            required
            error={mismatch ? t("password.mismatch") : undefined}
          />
          <Button type="submit" loading={change.isPending}>
            {t("password.submit")}
          </Button>
        </Stack>
      </Paper>
    </Container>
  );
}
