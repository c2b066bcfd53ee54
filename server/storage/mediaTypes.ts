import { message } from "../../engine/messages.js";
import { AppError } from "../errors.js";

/** What an attachment may be: the documents of an administration's file, nothing executable. */
export const ALLOWED_MEDIA_TYPES = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpeg",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "zip",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "zip",
  "application/vnd.oasis.opendocument.text": "zip",
  "application/vnd.oasis.opendocument.spreadsheet": "zip",
  "text/plain": "text",
  "text/csv": "text",
} as const;

type Signature = (typeof ALLOWED_MEDIA_TYPES)[keyof typeof ALLOWED_MEDIA_TYPES];

const startsWith = (bytes: Buffer, prefix: number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

const matches: Record<Signature, (bytes: Buffer) => boolean> = {
  pdf: (b) => startsWith(b, [...Buffer.from("%PDF-")]),
  png: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  // Office Open XML and OpenDocument files are ZIP archives.
  zip: (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]),
  text: (b) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(b);
      return !b.includes(0);
    } catch {
      return false;
    }
  },
};

/**
 * The media type an upload is stored with, after checking it is allowed and that the bytes are
 * what it claims (magic numbers; valid UTF-8 for text): a browser later trusts this type.
 */
export function checkedMediaType(declared: string | undefined, bytes: Buffer): string {
  const mediaType = (declared ?? "").split(";")[0]!.trim().toLowerCase();
  const signature = (ALLOWED_MEDIA_TYPES as Record<string, Signature>)[mediaType];
  if (!signature) {
    throw new AppError(
      415,
      "unsupported_media_type",
      message(
        `type de fichier non accepté « ${mediaType || "inconnu"} » : PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, texte ou CSV`,
        `file type not accepted "${mediaType || "unknown"}": PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, text or CSV`,
      ),
      "file",
    );
  }
  if (!matches[signature](bytes)) {
    throw new AppError(
      415,
      "media_type_mismatch",
      message(
        `le contenu du fichier ne correspond pas au type déclaré « ${mediaType} »`,
        `the file's content does not match its declared type "${mediaType}"`,
      ),
      "file",
    );
  }
  return mediaType;
}
