import { Alert, Button, Container } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** What a screen shows when it fails to render: in the reader's language, with a way back. */
export function ScreenError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Alert color="red" role="alert" title={t("common.unexpectedError")}>
        {error instanceof Error ? error.message : String(error)}
      </Alert>
      <Button mt="md" component="a" href="/">
        {t("nav.inbox")}
      </Button>
    </Container>
  );
}
