import { describe, expect, it } from "vitest";
import { countries, holidaysFor, lunarYearsCovered } from "./holidays.js";
import { isLocalDate } from "./localDate.js";

const datesOf = (country: "CI" | "MA", year: number) => holidaysFor(country, year).map((h) => h.date);

describe("Côte d'Ivoire holidays", () => {
  it("include Easter Monday, Ascension and Whit Monday, computed from Easter", () => {
    expect(datesOf("CI", 2026)).toEqual(expect.arrayContaining(["2026-04-06", "2026-05-14", "2026-05-25"]));
    expect(datesOf("CI", 2025)).toEqual(expect.arrayContaining(["2025-04-21", "2025-05-29", "2025-06-09"]));
  });

  it("include the fixed national and religious days", () => {
    expect(datesOf("CI", 2026)).toEqual(
      expect.arrayContaining([
        "2026-01-01",
        "2026-05-01",
        "2026-08-07",
        "2026-08-15",
        "2026-11-01",
        "2026-11-15",
        "2026-12-25",
      ]),
    );
  });

  it("include Lailatou Kadr, Korité, Tabaski, Maouloud and the day after from the lunar table", () => {
    expect(datesOf("CI", 2025)).toEqual(
      expect.arrayContaining(["2025-03-27", "2025-03-31", "2025-06-06", "2025-09-05", "2025-09-06"]),
    );
    const names = holidaysFor("CI", 2025).map((h) => h.name.fr);
    expect(names).toEqual(expect.arrayContaining(["Maouloud", "Lendemain du Maouloud"]));
  });
});

describe("Moroccan holidays", () => {
  it("include the national days and no Easter holiday", () => {
    const dates = datesOf("MA", 2026);
    expect(dates).toEqual(
      expect.arrayContaining([
        "2026-01-01",
        "2026-01-11",
        "2026-01-14",
        "2026-05-01",
        "2026-07-30",
        "2026-08-14",
        "2026-08-20",
        "2026-08-21",
        "2026-11-06",
        "2026-11-18",
      ]),
    );
    expect(dates).not.toContain("2026-04-06");
    expect(dates).not.toContain("2026-05-14");
  });

  it("give two days for each Eid and for the Mawlid, one for the 1st of Muharram", () => {
    const lunar = holidaysFor("MA", 2025).filter((h) => /Aïd|Moharram/.test(h.name.fr));
    expect(lunar.map((h) => h.date)).toEqual([
      "2025-03-31",
      "2025-04-01",
      "2025-06-07",
      "2025-06-08",
      "2025-06-27",
      "2025-09-05",
      "2025-09-06",
    ]);
  });

  it("observe the Amazigh New Year only since 2024", () => {
    expect(datesOf("MA", 2023)).not.toContain("2023-01-14");
    expect(datesOf("MA", 2024)).toContain("2024-01-14");
  });
});

describe("the lunar table", () => {
  it("covers 2024 to 2030 and leaves later years with fixed and Easter holidays only", () => {
    expect(lunarYearsCovered).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expect(holidaysFor("CI", 2031)).toHaveLength(10);
    expect(holidaysFor("MA", 2031)).toHaveLength(10);
  });

  it("gives every holiday a valid date in its year, sorted, with French and English names", () => {
    for (const country of countries) {
      for (const year of lunarYearsCovered) {
        const list = holidaysFor(country, year);
        const dates = list.map((h) => h.date);
        expect(dates).toEqual([...dates].sort());
        for (const h of list) {
          expect(isLocalDate(h.date) && h.date.startsWith(`${year}-`)).toBe(true);
          expect(h.name.fr.length > 0 && h.name.en.length > 0).toBe(true);
        }
      }
    }
  });
});
