import { Alert, Stack, Text } from "@mantine/core";
import { GlobalWorkerOptions, getDocument } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Beyond this, the reader downloads the file: a preview is for checking, not for reading a thesis. */
const MAX_PAGES = 10;

/** A PDF drawn page by page into canvases with pdf.js: nothing is downloaded to the person's disk. */
export default function PdfPreview({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const task = getDocument({ url, withCredentials: true });
    (async () => {
      const pdf = await task.promise;
      if (cancelled) return;
      setPages(pdf.numPages);
      const target = container.current;
      if (!target) return;
      target.replaceChildren();
      const width = target.clientWidth || 600;
      for (let n = 1; n <= Math.min(pdf.numPages, MAX_PAGES); n++) {
        const page = await pdf.getPage(n);
        if (cancelled) return;
        const base = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: (width / base.width) * (window.devicePixelRatio || 1) });
        const canvas = document.createElement("canvas");
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        canvas.style.width = "100%";
        canvas.style.border = "1px solid #ddd";
        canvas.setAttribute("role", "img");
        canvas.setAttribute(
          "aria-label",
          `${title} — ${t("documents.page", { page: n, pages: pdf.numPages })}`,
        );
        canvas.dataset.page = String(n);
        target.append(canvas);
        await page.render({ canvas, viewport }).promise;
        if (n === 1) target.dataset.rendered = "true";
      }
    })().catch(() => {
      if (!cancelled) setFailed(true);
    });
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [url, title, t]);

  if (failed) return <Alert color="orange">{t("documents.previewFailed")}</Alert>;
  return (
    <Stack gap={4}>
      {pages === null && <Text size="sm">{t("documents.loadingPreview")}</Text>}
      <div ref={container} data-testid="pdf-pages" style={{ display: "grid", gap: 8 }} />
      {pages !== null && pages > MAX_PAGES && (
        <Text size="xs" c="dimmed">
          {t("documents.morePages", { shown: MAX_PAGES, pages })}
        </Text>
      )}
    </Stack>
  );
}
