import { Button, Code, Container, List, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import type { RecoveryCodesView, SecondFactorEnrolment } from "../../../../shared/api/secondFactor.js";
import { api } from "../../api/client.js";
import type { SessionView } from "../../api/types.js";
import { ErrorNotice, fieldError, namesAField } from "../../components/ErrorNotice.js";
import { useSetSession } from "../../session.js";

/**
 * Administrators and holders of privileged roles must enrol an authenticator app before anything
 * else: the secret is shown as text and as its otpauth URI (no QR library: typing it is enough),
 * then the recovery codes are shown once.
 */
export function EnrolSecondFactor() {
  const { t } = useTranslation();
  const setSession = useSetSession();
  const [code, setCode] = useState("");
  // Started once per screen: a new enrolment replaces the secret, so never refetch it.
  const enrolment = useQuery({
    queryKey: ["second-factor-enrolment"],
    queryFn: () => api.post<SecondFactorEnrolment>("/api/session/second-factor/enrolment"),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const confirm = useMutation({
    mutationFn: () => api.post<RecoveryCodesView>("/api/session/second-factor/enrolment/confirm", { code }),
  });
  const carryOn = async () => setSession(await api.get<SessionView>("/api/session"));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  const error = confirm.error;
  return (
    <Container size={560} py={60}>
      <Title order={1} size="h2" mb="xs">
        {t("secondFactor.title")}
      </Title>
      {confirm.data ? (
        <Paper withBorder p="lg">
          <Stack>
            <Text>{t("secondFactor.recoveryCodes")}</Text>
            <List data-testid="recovery-codes" ff="monospace">
              {confirm.data.recoveryCodes.map((c) => (
                <List.Item key={c}>{c}</List.Item>
              ))}
            </List>
            <Button onClick={() => void carryOn()}>{t("secondFactor.continue")}</Button>
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder p="lg" component="form" onSubmit={submit} noValidate>
          <Stack>
            <Text>{t("secondFactor.explain")}</Text>
            <ErrorNotice error={enrolment.error} />
            {enrolment.data && (
              <>
                <div>
                  <Text fw={600} size="sm">
                    {t("secondFactor.secret")}
                  </Text>
                  <Code data-testid="totp-secret" fz="md">
                    {enrolment.data.secret}
                  </Code>
                </div>
                <div>
                  <Text fw={600} size="sm">
                    {t("secondFactor.uri")}
                  </Text>
                  <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
                    {enrolment.data.uri}
                  </Code>
                </div>
              </>
            )}
            {!namesAField(error, ["code"]) && <ErrorNotice error={error} />}
            <TextInput
              label={t("signIn.code")}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              error={fieldError(error, "code")}
            />
            <Button type="submit" loading={confirm.isPending} disabled={!enrolment.data}>
              {t("secondFactor.confirm")}
            </Button>
          </Stack>
        </Paper>
      )}
    </Container>
  );
}
