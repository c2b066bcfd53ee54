import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseView } from "../../shared/api/cases.js";
import { anyUserOf } from "../support/people.js";
import { createTestApp, type TestApp } from "../support/testApp.js";

type ErrorBody = { error: { code: string; message: { fr: string; en: string } } };

describe("case documents", () => {
  let t: TestApp;
  let requester: string;
  let started: CaseView;

  beforeAll(async () => {
    t = await createTestApp();
    requester = await anyUserOf(t.database, "douanes", "BAS");
    started = (await t.as(requester).post<CaseView>("/api/cases", { procedureId: "douanes-e-compte-mail" }))
      .body;
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (fileName: string, bytes: Buffer, mediaType: string) =>
    t
      .as(requester)
      .upload<{ id: string; sha256: string; mediaType: string } & Partial<ErrorBody>>(
        `/api/cases/${started.id}/attachments?fileName=${encodeURIComponent(fileName)}`,
        bytes,
        mediaType,
      );

  it("sends the stored bytes with their type, the accented name per RFC 5987, no sniffing, a PDF inline", async () => {
    const pdf = Buffer.from("%PDF-1.4 Pièce d'identité");
    const up = await upload("Pièce d'identité (été).pdf", pdf, "application/pdf");
    expect(up.status).toBe(201);
    expect(up.body.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    const res = await t.as(requester).get(`/api/cases/${started.id}/attachments/${up.body.id}/content`);
    expect(res.status).toBe(200);
    expect(res.bytes.equals(pdf)).toBe(true);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-disposition"]).toBe(
      "inline; filename=\"Pi_ce d'identit_ (_t_).pdf\"; filename*=UTF-8''Pi%C3%A8ce%20d%27identit%C3%A9%20%28%C3%A9t%C3%A9%29.pdf",
    );
  });

  it("previews images inline but makes any other type a download", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const image = await upload("photo.png", png, "image/png");
    expect(image.status).toBe(201);
    const shown = await t.as(requester).get(`/api/attachments/${image.body.id}`);
    expect(shown.headers["content-disposition"]).toMatch(/^inline; filename="photo\.png"/);
    const text = await upload("notes.txt", Buffer.from("Réunion du 2 mars"), "text/plain");
    expect(text.status).toBe(201);
    const saved = await t.as(requester).get(`/api/attachments/${text.body.id}`);
    expect(saved.headers["content-disposition"]).toMatch(/^attachment; filename="notes\.txt"/);
  });

  it("accepts the office, image and text types of the allow-list", async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(
      (
        await upload(
          "note.docx",
          zip,
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
      ).status,
    ).toBe(201);
    expect((await upload("tableau.ods", zip, "application/vnd.oasis.opendocument.spreadsheet")).status).toBe(
      201,
    );
    expect((await upload("scan.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0]), "image/jpeg")).status).toBe(
      201,
    );
    expect(
      (await upload("liste.csv", Buffer.from("matricule;nom\nDGD1;Kanga\n"), "text/csv; charset=utf-8"))
        .status,
    ).toBe(201);
  });

  it("refuses with a bilingual 415 a file whose bytes are not what its type claims", async () => {
    const res = await upload("facture.pdf", Buffer.from("MZ\x90\x00 programme"), "application/pdf");
    expect(res.status).toBe(415);
    expect(res.body.error?.code).toBe("media_type_mismatch");
    expect(res.body.error?.message.fr).toContain("ne correspond pas");
    const text = await upload("note.txt", Buffer.from([0x41, 0xe9, 0x42]), "text/plain");
    expect(text.status).toBe(415);
  });

  it("refuses types outside the allow-list", async () => {
    const res = await upload("page.html", Buffer.from("<html><script>alert(1)</script>"), "text/html");
    expect(res.status).toBe(415);
    expect(res.body.error?.code).toBe("unsupported_media_type");
  });

  it("lists the documents and reads the history page by page", async () => {
    const view = await t.as(requester).get<CaseView>(`/api/cases/${started.id}`);
    expect(view.body.attachments.length).toBeGreaterThanOrEqual(5);
    const first = await t
      .as(requester)
      .get<{ items: Array<{ seq: number; actorName: string | null }>; nextCursor: string | null }>(
        `/api/cases/${started.id}/history?limit=1`,
      );
    expect(first.body.items.map((e) => e.seq)).toEqual([1]);
    expect(first.body.items[0]!.actorName).toBe(view.body.requester.name);
    if (view.body.history.length > 1) {
      const next = await t
        .as(requester)
        .get<{ items: Array<{ seq: number }> }>(
          `/api/cases/${started.id}/history?limit=1&cursor=${first.body.nextCursor}`,
        );
      expect(next.body.items.map((e) => e.seq)).toEqual([2]);
    } else {
      expect(first.body.nextCursor).toBeNull();
    }
  });

  it("adds a comment through its own resource, with its author's name", async () => {
    const res = await t.as(requester).post<CaseView>(`/api/cases/${started.id}/comments`, {
      expectedVersion: started.version,
      text: "Pièce ajoutée.",
    });
    expect(res.status).toBe(201);
    expect(res.body.comments.at(-1)).toMatchObject({
      body: "Pièce ajoutée.",
      authorName: res.body.requester.name,
    });
  });
});
