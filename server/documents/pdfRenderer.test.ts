import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { FONT_REGULAR, visualOrder } from "./pdfRenderer.js";

const font = fontkit.openSync(FONT_REGULAR) as fontkit.Font;

describe("the documents' embedded font", () => {
  it("has a glyph for the narrow no-break space French amounts are grouped with, and for « »", () => {
    const amount = new Intl.NumberFormat("fr-FR").format(18_750_000);
    expect(amount).toContain("\u202f");
    for (const char of [..."\u202f\u00a0«»—éèêàçœÉ"]) {
      expect(font.hasGlyphForCodePoint(char.codePointAt(0)!), char).toBe(true);
    }
  });

  it("shapes Arabic joined and lays it out right to left", () => {
    const word = "محمد";
    const shaped = font.layout(word);
    const isolated = [...word].map((c) => font.glyphForCodePoint(c.codePointAt(0)!).id);
    // Joining forms (initial, medial, final) are other glyphs than the isolated letters…
    expect(shaped.glyphs.map((g) => g.id)).not.toEqual(isolated);
    expect(shaped.glyphs.map((g) => g.id)).not.toEqual([...isolated].reverse());
    // …and the run comes out in visual order: the first letter typed is drawn last (rightmost).
    expect(shaped.direction).toBe("rtl");
    expect(shaped.glyphs.at(-1)!.codePoints).toEqual([word.codePointAt(0)]);
  });

  it("keeps an Arabic run in one piece so its words read right to left, and leaves other text alone", () => {
    expect(visualOrder("Nom : محمد بن عبد الله (agent)")).toBe(
      "Nom : محمد\u00a0بن\u00a0عبد\u00a0الله (agent)",
    );
    expect(visualOrder("Société « SIE » — 1 250 FCFA")).toBe("Société « SIE » — 1 250 FCFA");
  });
});
