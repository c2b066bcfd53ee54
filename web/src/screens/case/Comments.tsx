import { Button, Stack, Text, Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { caseKey } from "../../api/hooks.js";
import type { CaseView } from "../../api/types.js";
import { fieldError } from "../../components/ErrorNotice.js";
import { formatDateTime } from "../../components/format.js";

export function Comments({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState("");
  const post = useMutation({
    mutationFn: () =>
      api.post<CaseView>(`/api/cases/${view.id}/actions`, {
        type: "comment",
        expectedVersion: view.version,
        text,
      }),
    onSuccess: (next) => {
      client.setQueryData(caseKey(view.id), next);
      setText("");
    },
  });
  const mayComment = view.actions.some((a) => a.type === "comment");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    post.mutate();
  };
  const error = post.error;
  return (
    <Stack gap="xs">
      {view.comments.length === 0 && <Text c="dimmed">{t("case.noComments")}</Text>}
      {view.comments.map((c) => (
        <div key={c.id}>
          <Text size="xs" c="dimmed">
            {c.authorName ?? ""} {formatDateTime(c.createdAt)}
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {c.body}
          </Text>
        </div>
      ))}
      {mayComment && (
        <form onSubmit={submit} className="lg-noprint">
          <Stack gap={4}>
            <Textarea
              label={t("case.newComment")}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={2}
              error={
                fieldError(error, "text") ??
                (error && !fieldError(error, "text") ? (error as Error).message : undefined)
              }
            />
            <Button
              type="submit"
              size="xs"
              variant="default"
              loading={post.isPending}
              disabled={!text.trim()}
            >
              {t("case.addComment")}
            </Button>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
