import { Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * The logigramme as the server draws it (the CLI's swimlane SVG renderer), tried from the most
 * specific source (this case's path) to the most general (the procedure).
 */
export function Diagram({ sources, alt }: { sources: string[]; alt: string }) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(0);
  const source = sources[index];
  return (
    // Focusable so that a keyboard can scroll a wide logigramme.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="lg-diagram" data-testid="diagram" tabIndex={0} aria-label={alt}>
      {source ? (
        <img src={source} alt={alt} onError={() => setIndex(index + 1)} />
      ) : (
        <Text p="sm" c="dimmed">
          {t("case.noDiagram")}
        </Text>
      )}
    </section>
  );
}
