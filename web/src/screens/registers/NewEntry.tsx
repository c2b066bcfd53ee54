import { Loader, Stack, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { EntryForm, type EntryFormValue } from "./EntryForm.js";
import { type EntryView, registerKeys, useRegister } from "./registerApi.js";

const route = getRouteApi("/registres/$registerId/nouvelle-entree");

/** A new entry typed by someone the register lets write; it opens once recorded. */
export function NewEntry() {
  const { t } = useTranslation();
  const { registerId } = route.useParams();
  const register = useRegister(registerId);
  const navigate = useNavigate();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (value: EntryFormValue) =>
      api.post<EntryView>(`/api/registers/${encodeURIComponent(registerId)}/entries`, value),
    onSuccess: (entry) => {
      void client.invalidateQueries({ queryKey: registerKeys.entries(registerId) });
      void navigate({ to: "/registres/$registerId/$entryId", params: { registerId, entryId: entry.id } });
    },
  });
  if (register.isPending) return <Loader aria-label={t("common.loading")} />;
  if (register.isError) return <ErrorNotice error={register.error} />;
  const def = register.data.definition;
  return (
    <Stack gap="sm" maw={720}>
      <AnchorLink to="/registres/$registerId" params={{ registerId }} size="sm">
        {def.title}
      </AnchorLink>
      <Title order={1} size="h2">
        {t("registerBook.newEntryOf", { register: def.title })}
      </Title>
      <EntryForm
        def={def}
        initial={{}}
        currentState={null}
        submitLabel={t("registerBook.save")}
        pending={create.isPending}
        error={create.error}
        onSubmit={(value) => create.mutate(value)}
        onCancel={() => void navigate({ to: "/registres/$registerId", params: { registerId } })}
      />
    </Stack>
  );
}
