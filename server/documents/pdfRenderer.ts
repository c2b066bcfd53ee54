import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import type { DocumentContent } from "../../engine/documents/content.js";

const require = createRequire(import.meta.url);
/**
 * DejaVu Sans, embedded (subset) in every document: Latin with every French accent, « », the narrow
 * no-break space of French amounts, and Arabic with its OpenType joining forms (fontkit shapes them).
 */
export const FONT_REGULAR = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
export const FONT_BOLD = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf");

const MARGIN = 56;
const FOOTER = 70;

/** Arabic, Syriac, Thaana, NKo… and the Arabic presentation forms: the scripts written right to left. */
const RTL_CHAR = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const RTL_RUN =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]+(?:[ \u00A0][\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]+)*/g;

/**
 * Keeps each right-to-left run (an Arabic name inside a French line) in one piece. PDFKit cuts a
 * line into words at plain spaces and lays out each piece with fontkit, which shapes a piece in an
 * RTL script (joined letters) and reverses it into visual order. Cut into words, a name would show
 * its words left to right; joined by no-break spaces, the whole run is one piece that fontkit
 * reverses as a whole, so it reads right to left. Lines themselves are French or English (LTR).
 */
export function visualOrder(text: string): string {
  if (!RTL_CHAR.test(text)) return text;
  return text.replace(RTL_RUN, (run) => run.replace(/ /g, "\u00a0"));
}

export interface RenderOptions {
  /** Fixes the PDF's creation date, so the same content gives the same metadata. */
  createdAt: Date;
  /** The organisation's logo (PNG or JPEG bytes), drawn at the top left. */
  logo?: Buffer | null;
  author: string;
}

/** Draws a document's content as an A4 PDF: letterhead, title, blocks, signatures, QR code, page numbers. */
export async function renderPdf(content: DocumentContent, options: RenderOptions): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
    bufferPages: true,
    lang: content.language === "fr" ? "fr-FR" : "en-GB",
    displayTitle: true,
    info: {
      Title: content.title,
      Author: options.author,
      Creator: "Logigramme",
      Producer: "Logigramme",
      CreationDate: options.createdAt,
      ModDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  const width = doc.page.width - 2 * MARGIN;
  const t = (s: string) => visualOrder(s);

  drawLetterhead(doc, content, options.logo ?? null, width);

  doc.moveDown(1.5);
  doc.font("bold").fontSize(15).text(t(content.title), MARGIN, doc.y, { width, align: "center" });
  doc.moveDown(0.6);
  doc
    .font("regular")
    .fontSize(10)
    .text(`${content.labels.registryNumber} : ${content.registryNumber}`, MARGIN, doc.y, {
      width,
      align: "center",
    });
  doc.moveDown(1.2);

  for (const block of content.blocks) {
    if ("heading" in block) {
      doc.moveDown(0.6);
      doc.font("bold").fontSize(12).text(t(block.heading), MARGIN, doc.y, { width });
      doc.moveDown(0.3);
    } else if ("paragraph" in block) {
      doc.font("regular").fontSize(11).text(t(block.paragraph), MARGIN, doc.y, { width, align: "justify" });
      doc.moveDown(0.6);
    } else if ("fields" in block) {
      for (const field of block.fields) {
        doc
          .font("bold")
          .fontSize(10.5)
          .text(`${t(field.label)} : `, MARGIN, doc.y, { width, continued: true });
        doc.font("regular").text(t(field.value));
        doc.moveDown(0.2);
      }
      doc.moveDown(0.4);
    } else {
      drawTable(doc, block.table, width, t);
    }
  }

  doc.moveDown(1);
  doc.font("regular").fontSize(10.5).text(t(content.dateLine), MARGIN, doc.y, { width, align: "right" });
  drawSignatures(doc, content, width, t);

  const qr = content.verification
    ? await QRCode.toBuffer(content.verification.url, {
        type: "png",
        margin: 1,
        width: 160,
        errorCorrectionLevel: "M",
      })
    : null;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    drawFooter(doc, content, i - range.start + 1, range.count, qr, width);
  }
  doc.end();
  return done;
}

function drawLetterhead(
  doc: PDFKit.PDFDocument,
  content: DocumentContent,
  logo: Buffer | null,
  width: number,
) {
  const lh = content.letterhead;
  const top = MARGIN;
  const half = width / 2 - 10;
  let leftX = MARGIN;
  if (logo) {
    doc.image(logo, MARGIN, top, { fit: [56, 56] });
    leftX = MARGIN + 64;
  }
  const left = [lh?.ministry, lh?.direction, lh?.service].filter((s): s is string => Boolean(s));
  if (left.length === 0) left.push(content.organisationName);
  doc.font("bold").fontSize(9);
  let y = top;
  for (const line of left) {
    doc.text(visualOrder(line), leftX, y, { width: half - (leftX - MARGIN), align: "left" });
    y = doc.y + 2;
  }
  const leftBottom = Math.max(y, logo ? top + 60 : y);
  let ry = top;
  if (lh) {
    const rx = MARGIN + width / 2 + 10;
    doc.font("bold").fontSize(10).text(visualOrder(lh.country), rx, ry, { width: half, align: "center" });
    ry = doc.y + 1;
    if (lh.motto) {
      doc.font("regular").fontSize(8.5).text(visualOrder(lh.motto), rx, ry, { width: half, align: "center" });
      ry = doc.y + 2;
    }
    doc
      .moveTo(rx + half / 2 - 30, ry + 2)
      .lineTo(rx + half / 2 + 30, ry + 2)
      .lineWidth(0.8)
      .stroke();
    ry += 6;
  }
  const bottom = Math.max(leftBottom, ry) + 8;
  doc
    .moveTo(MARGIN, bottom)
    .lineTo(MARGIN + width, bottom)
    .lineWidth(0.5)
    .stroke();
  doc.x = MARGIN;
  doc.y = bottom + 6;
}

function drawTable(
  doc: PDFKit.PDFDocument,
  table: { columns: string[]; widths: number[]; rows: string[][] },
  width: number,
  t: (s: string) => string,
) {
  const widths = table.widths.map((w) => w * width);
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? "bold" : "regular").fontSize(9);
    const heights = cells.map((c, i) => doc.heightOfString(t(c), { width: widths[i]! - 6 }));
    const h = Math.max(...heights, 10) + 6;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.text(t(c), x + 3, y + 3, { width: widths[i]! - 6 });
      x += widths[i]!;
    });
    doc
      .moveTo(MARGIN, y + h)
      .lineTo(MARGIN + width, y + h)
      .lineWidth(0.3)
      .stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  row(table.columns, true);
  for (const r of table.rows) row(r, false);
  doc.moveDown(0.6);
}

function drawSignatures(
  doc: PDFKit.PDFDocument,
  content: DocumentContent,
  width: number,
  t: (s: string) => string,
) {
  if (content.signatures.length === 0) return;
  const columns = Math.min(2, content.signatures.length);
  const colWidth = width / columns;
  const blockHeight = 110;
  doc.moveDown(1.2);
  for (let i = 0; i < content.signatures.length; i += columns) {
    if (doc.y + blockHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    content.signatures.slice(i, i + columns).forEach((s, j) => {
      const x = MARGIN + j * colWidth + 6;
      const w = colWidth - 12;
      doc.font("bold").fontSize(10).text(t(s.label), x, y, { width: w, align: "center" });
      // The space left blank for the handwritten signature and the stamp.
      doc
        .font("regular")
        .fontSize(10)
        .text(t(s.name || " "), x, y + 70, { width: w, align: "center" });
      if (s.title !== s.label)
        doc.fontSize(8.5).text(t(s.title), x, doc.y + 1, { width: w, align: "center" });
    });
    doc.x = MARGIN;
    doc.y = y + blockHeight;
  }
}

function drawFooter(
  doc: PDFKit.PDFDocument,
  content: DocumentContent,
  page: number,
  pages: number,
  qr: Buffer | null,
  width: number,
) {
  const bottom = doc.page.margins.bottom;
  // Writing inside the bottom margin would otherwise start a new page.
  doc.page.margins.bottom = 0;
  const top = doc.page.height - MARGIN - FOOTER + 14;
  doc
    .moveTo(MARGIN, top - 6)
    .lineTo(MARGIN + width, top - 6)
    .lineWidth(0.3)
    .stroke();
  const textWidth = qr ? width - 70 : width;
  doc.font("regular").fontSize(8);
  if (content.verification) {
    doc.text(`${content.labels.verify} : ${content.verification.url}`, MARGIN, top, { width: textWidth });
    doc.text(`${content.labels.code} : ${content.verification.code}`, MARGIN, doc.y + 1, {
      width: textWidth,
    });
  }
  doc.text(`${content.registryNumber} — ${content.labels.page(page, pages)}`, MARGIN, doc.y + 1, {
    width: textWidth,
  });
  if (qr) doc.image(qr, MARGIN + width - 62, top - 2, { width: 62 });
  doc.page.margins.bottom = bottom;
}
