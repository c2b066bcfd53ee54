/** Types a browser shows by itself without running anything from the file: PDF and raster images. */
const PREVIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg"]);

export const isPreviewable = (mediaType: string) => PREVIEWABLE.has(mediaType);

/**
 * `inline` or `attachment` with the file's name: an ASCII fallback and the exact name per RFC 5987.
 */
export function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const asciiName = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}
