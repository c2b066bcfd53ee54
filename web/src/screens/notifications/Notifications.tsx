import { Button, Card, Group, NativeSelect, Stack, Switch, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import type { NotificationPreferences, NotificationView } from "../../api/types.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { formatDateTime } from "../../components/format.js";

/** My notifications (newest first, unread only or all), marking them read, and my e-mail choice. */
export function Notifications() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "en" ? "en" : "fr";
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useQuery({
    queryKey: ["notifications", "list", unreadOnly],
    queryFn: async () =>
      (
        await api.get<{ items: NotificationView[] }>(
          `/api/notifications?limit=100${unreadOnly ? "&unread=true" : ""}`,
        )
      ).items,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["notifications"] });
  const markRead = useMutation({
    mutationFn: (id: string) => api.post(`/api/notifications/${id}/read`, {}),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => api.post("/api/notifications/read-all", {}),
    onSuccess: refresh,
  });

  return (
    <Stack gap="md">
      <Title order={1}>{t("notifications.title")}</Title>
      <Group justify="space-between">
        <Switch
          label={t("notifications.unreadOnly")}
          checked={unreadOnly}
          onChange={(e) => setUnreadOnly(e.currentTarget.checked)}
        />
        <Button variant="light" onClick={() => markAll.mutate()} loading={markAll.isPending}>
          {t("notifications.markAll")}
        </Button>
      </Group>
      {list.isError && <ErrorNotice error={list.error} />}
      {list.data?.length === 0 && <Text>{t("notifications.none")}</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0 }}>
        {list.data?.map((n) => (
          <Card key={n.id} component="li" withBorder padding="sm" data-testid="notification">
            <Group justify="space-between" align="flex-start">
              <div>
                <Text fw={n.readAt ? 400 : 700}>{n.subject[lang]}</Text>
                <Text size="sm">{n.body[lang]}</Text>
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.createdAt)}
                </Text>
                {n.caseId && (
                  <AnchorLink to="/dossiers/$caseId" params={{ caseId: n.caseId }} size="sm">
                    {t("notifications.openCase")}
                  </AnchorLink>
                )}
              </div>
              {!n.readAt && (
                <Button size="compact-sm" variant="subtle" onClick={() => markRead.mutate(n.id)}>
                  {t("notifications.markRead")}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      <EmailPreferences />
    </Stack>
  );
}

function EmailPreferences() {
  const { t } = useTranslation();
  const prefs = useQuery({
    queryKey: ["notifications", "preferences"],
    queryFn: () => api.get<NotificationPreferences>("/api/notifications/preferences"),
  });
  const [draft, setDraft] = useState<NotificationPreferences | null>(null);
  const current = draft ?? prefs.data;
  const save = useMutation({
    mutationFn: (body: NotificationPreferences) =>
      api.put<NotificationPreferences>("/api/notifications/preferences", body),
    onSuccess: () => setDraft(null),
  });
  if (!current) return null;
  return (
    <Card withBorder component="section" aria-labelledby="email-prefs">
      <Title order={2} size="h4" id="email-prefs">
        {t("notifications.emailTitle")}
      </Title>
      <Group align="flex-end" mt="sm">
        <NativeSelect
          label={t("notifications.frequency")}
          data={[
            { value: "immediate", label: t("notifications.immediate") },
            { value: "digest", label: t("notifications.digest") },
            { value: "none", label: t("notifications.noEmail") },
          ]}
          value={current.email}
          onChange={(e) =>
            setDraft({ ...current, email: e.currentTarget.value as NotificationPreferences["email"] })
          }
        />
        <NativeSelect
          label={t("notifications.language")}
          data={[
            { value: "fr", label: "Français" },
            { value: "en", label: "English" },
          ]}
          value={current.language}
          onChange={(e) =>
            setDraft({ ...current, language: e.currentTarget.value as NotificationPreferences["language"] })
          }
        />
        <Button onClick={() => save.mutate(current)} loading={save.isPending}>
          {t("notifications.save")}
        </Button>
      </Group>
      <Text size="xs" mt="xs">
        {t("notifications.escalationsAlways")}
      </Text>
      {save.isSuccess && !draft && (
        <Text role="status" size="sm" c="green.8">
          {t("notifications.saved")}
        </Text>
      )}
      {save.isError && <ErrorNotice error={save.error} />}
    </Card>
  );
}
