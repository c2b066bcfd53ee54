import { Button, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { fieldError } from "../../components/ErrorNotice.js";
import { formatDateTime } from "../../components/format.js";

interface PortalThreadView {
  reachable: boolean;
  items: Array<{
    id: string;
    fromOffice: boolean;
    text: string;
    asksFor: string | null;
    attachment: { id: string; fileName: string } | null;
    createdAt: string;
    authorName: string | null;
  }>;
}

/**
 * The thread with a requester who submitted on the public portal: what they wrote and sent, and a
 * reply that may ask them for a document (they answer from their tracking page).
 */
export function PortalThread({ caseId, active }: { caseId: string; active: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ["portal-messages", caseId];
  const thread = useQuery({
    queryKey: key,
    queryFn: () => api.get<PortalThreadView>(`/api/cases/${caseId}/portal-messages`),
  });
  const [text, setText] = useState("");
  const [asksFor, setAsksFor] = useState("");
  const post = useMutation({
    mutationFn: () =>
      api.post<PortalThreadView>(`/api/cases/${caseId}/portal-messages`, {
        text,
        ...(asksFor.trim() ? { asksFor: asksFor.trim() } : {}),
      }),
    onSuccess: (next) => {
      client.setQueryData(key, next);
      setText("");
      setAsksFor("");
    },
  });
  if (!thread.data?.reachable) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate();
  };
  const error = post.error;
  return (
    <section aria-labelledby="portal-title" data-testid="portal-thread">
      <h2 id="portal-title" style={{ fontSize: "1.1rem" }}>
        {t("portal.title")}
      </h2>
      <Stack gap="xs">
        {thread.data.items.length === 0 && <Text c="dimmed">{t("portal.none")}</Text>}
        {thread.data.items.map((m) => (
          <div key={m.id}>
            <Text size="xs" c="dimmed">
              {m.fromOffice ? (m.authorName ?? "") : t("portal.requester", { name: m.authorName ?? "" })}{" "}
              {formatDateTime(m.createdAt)}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {m.text}
            </Text>
            {m.asksFor && <Text size="sm">{t("portal.asked", { document: m.asksFor })}</Text>}
            {m.attachment && (
              <a href={`/api/cases/${caseId}/attachments/${m.attachment.id}/content`}>
                {m.attachment.fileName}
              </a>
            )}
          </div>
        ))}
        {active && (
          <form onSubmit={submit} className="lg-noprint">
            <Stack gap={4}>
              <Textarea
                label={t("portal.reply")}
                value={text}
                onChange={(e) => setText(e.currentTarget.value)}
                autosize
                minRows={2}
                error={fieldError(error, "text") ?? (error ? (error as Error).message : undefined)}
              />
              <TextInput
                label={t("portal.askDocument")}
                value={asksFor}
                onChange={(e) => setAsksFor(e.currentTarget.value)}
              />
              <Button
                type="submit"
                size="xs"
                variant="default"
                loading={post.isPending}
                disabled={!text.trim()}
              >
                {t("portal.send")}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </section>
  );
}
