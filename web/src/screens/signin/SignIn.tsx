import { Button, Container, Paper, PasswordInput, Stack, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import type { SessionView } from "../../api/types.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { useSetSession } from "../../session.js";

/** Sign in with a matricule and password, then the authenticator code when the account has one. */
export function SignIn({ secondFactor }: { secondFactor: boolean }) {
  const { t } = useTranslation();
  const setSession = useSetSession();
  const [matricule, setMatricule] = useState("");
  const [password, setPassword] = useState("");
  // Asked only on a platform where two organisations share a matricule: hidden until wanted.
  const [organisation, setOrganisation] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const login = useMutation({
    mutationFn: () =>
      secondFactor
        ? api.post<SessionView>("/api/session/second-factor", { code })
        : api.post<SessionView>("/api/session", {
            matricule,
            password,
            ...(organisation?.trim() ? { organisation: organisation.trim() } : {}),
          }),
    onSuccess: (session) => setSession(session),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  const error = login.error;
  return (
    <Container size={420} py={60}>
      <Title order={1} size="h2" mb="md">
        {t("signIn.title")}
      </Title>
      <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate>
        <Stack>
          {!namesAField(error, ["matricule", "password", "code", "organisation"]) && (
            <ErrorNotice error={error} />
          )}
          {secondFactor ? (
            <TextInput
              label={t("signIn.code")}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              error={fieldError(error, "code")}
            />
          ) : (
            <>
              <TextInput
                label={t("signIn.matricule")}
                value={matricule}
                onChange={(e) => setMatricule(e.currentTarget.value)}
                autoComplete="username"
                required
                error={fieldError(error, "matricule")}
              />
              <PasswordInput
                label={t("signIn.password")}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="current-password"
                required
                error={fieldError(error, "password")}
              />
              {organisation === null ? (
                <Button variant="subtle" size="compact-sm" onClick={() => setOrganisation("")}>
                  {t("signIn.addOrganisation")}
                </Button>
              ) : (
                <TextInput
                  label={t("signIn.organisation")}
                  description={t("signIn.organisationHint")}
                  value={organisation}
                  onChange={(e) => setOrganisation(e.currentTarget.value)}
                  autoComplete="organization"
                  error={fieldError(error, "organisation")}
                />
              )}
            </>
          )}
          <Button type="submit" loading={login.isPending}>
            {t("signIn.submit")}
          </Button>
        </Stack>
      </Paper>
    </Container>
  );
}
