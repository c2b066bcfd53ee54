import { Alert, Anchor, Box, Button, Center, Container, Group, Loader, Text } from "@mantine/core";
import { Link, Outlet } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { api } from "../api/client.js";
import { type Lang, setLang } from "../i18n/index.js";
import { ChangePassword } from "../screens/signin/ChangePassword.js";
import { EnrolSecondFactor } from "../screens/signin/EnrolSecondFactor.js";
import { SignIn } from "../screens/signin/SignIn.js";
import { useSession, useSetSession } from "../session.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { formatDate } from "./format.js";
import { NotificationBell } from "./NotificationBell.js";

/** The frame of every screen: who is signed in, as what, for whom, and where to go. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const setSession = useSetSession();

  if (session.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Container size="sm" py="xl">
        <ErrorNotice error={session.error} />
      </Container>
    );
  }
  const view = session.data;
  if (!view || view.secondFactorRequired)
    return <SignIn secondFactor={view?.secondFactorRequired ?? false} />;
  if (view.mustChangePassword) return <ChangePassword forced />;
  if (view.secondFactorEnrolmentRequired) return <EnrolSecondFactor />;

  const { user } = view;
  const nextLang: Lang = i18n.language === "en" ? "fr" : "en";
  const signOut = async () => {
    try {
      await api.delete("/api/session");
    } finally {
      setSession(null);
    }
  };
  const nav = [
    { to: "/", label: t("nav.inbox") },
    { to: "/nouvelle-demande", label: t("nav.newRequest") },
    { to: "/mes-demandes", label: t("nav.myRequests") },
    { to: "/dossiers", label: t("nav.cases") },
    { to: "/tableau-de-bord", label: t("nav.dashboard") },
    { to: "/registres", label: t("nav.registers") },
    { to: "/catalogue", label: t("nav.catalog") },
    ...(user.isAdmin ? [{ to: "/administration", label: t("nav.admin") }] : []),
  ] as const;

  return (
    <>
      <a href="#main" className="lg-skip">
        {t("nav.skip")}
      </a>
      <Box component="header" className="lg-noprint" bg="blue.9" c="white" px="md" py={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="lg" wrap="wrap">
            <Text fw={700} size="lg" c="white">
              Logigramme
            </Text>
            <Box component="nav" aria-label={t("nav.label")}>
              <Group gap="md" wrap="wrap">
                {nav.map((item) => (
                  <Anchor
                    key={item.to}
                    component={Link}
                    to={item.to}
                    c="white"
                    fw={500}
                    activeOptions={{ exact: item.to === "/" }}
                    activeProps={{ "aria-current": "page", style: { textDecoration: "underline" } }}
                  >
                    {item.label}
                  </Anchor>
                ))}
              </Group>
            </Box>
          </Group>
          <Group gap="sm" wrap="wrap">
            <Box ta="right" data-testid="current-user">
              <Text size="sm" fw={600} c="white">
                {user.name} ({user.matricule})
              </Text>
              <Text size="xs" c="white">
                {user.roles.map((r) => `${r.title} — ${r.unitName}`).join(" · ") || user.unit?.name}
              </Text>
            </Box>
            <NotificationBell />
            <Anchor component={Link} to="/interims" c="white" size="sm">
              {t("admin.delegations.mine")}
            </Anchor>
            <Button
              size="compact-sm"
              variant="white"
              onClick={() => void setLang(nextLang)}
              lang={nextLang}
              aria-label={t("nav.switchLanguage")}
            >
              {nextLang === "en" ? "English" : "Français"}
            </Button>
            <Button size="compact-sm" variant="white" onClick={() => void signOut()}>
              {t("nav.signOut")}
            </Button>
          </Group>
        </Group>
      </Box>
      {view.standingInFor.length > 0 && (
        <Alert color="yellow" radius={0} className="lg-noprint" role="status">
          {view.standingInFor
            .map((d) => t("nav.standingInFor", { name: d.name, until: formatDate(d.until) }))
            .join(" ")}
        </Alert>
      )}
      <Box component="main" id="main" px="md" py="md" maw={1400} mx="auto">
        <Outlet />
      </Box>
    </>
  );
}
