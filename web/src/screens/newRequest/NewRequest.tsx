import { Badge, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useProcedures } from "../../api/hooks.js";
import { AnchorLink } from "../../components/AnchorLink.js";
import { ErrorNotice } from "../../components/ErrorNotice.js";
import { useSession } from "../../session.js";

/**
 * The procedures a person may start (the server's `mayStart`: the definition's start rule), by
 * organisation, with a search on their titles.
 */
export function NewRequest() {
  const { t } = useTranslation();
  const procedures = useProcedures();
  const session = useSession();
  const [search, setSearch] = useState("");
  const organisation = session.data?.user.organisation;
  const words = normalize(search).split(/\s+/).filter(Boolean);
  const inForce = (procedures.data ?? []).filter(
    (p) => p.mayStart && words.every((w) => normalize(`${p.title} ${p.id}`).includes(w)),
  );
  const byOrganisation = new Map<string, typeof inForce>();
  for (const p of inForce)
    byOrganisation.set(p.organisation, [...(byOrganisation.get(p.organisation) ?? []), p]);
  // The person's own organisation first.
  const groups = Array.from(byOrganisation.entries()).sort(([a], [b]) =>
    a === organisation ? -1 : b === organisation ? 1 : a.localeCompare(b),
  );
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t("newRequest.title")}
      </Title>
      <TextInput
        label={t("newRequest.search")}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={480}
        type="search"
      />
      <ErrorNotice error={procedures.error} />
      {groups.map(([org, items]) => (
        <section key={org} aria-labelledby={`org-${org}`}>
          <Title order={2} size="h4" id={`org-${org}`} mb={4}>
            {org.toUpperCase()}{" "}
            <Text span c="dimmed" size="sm">
              ({items.length})
            </Text>
          </Title>
          <Stack gap={2} component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {items.map((p) => (
              <li key={p.id}>
                <Group gap="xs">
                  <AnchorLink to="/nouvelle-demande/$procedureId" params={{ procedureId: p.id }}>
                    {p.title}
                  </AnchorLink>
                  <Badge variant="filled" color="gray.8" size="sm">
                    v{p.version}
                  </Badge>
                </Group>
              </li>
            ))}
          </Stack>
        </section>
      ))}
      {procedures.isSuccess && groups.length === 0 && <Text>{t("newRequest.none")}</Text>}
    </Stack>
  );
}

function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
}
