import { easterSunday } from "./easter.js";
import { addDays, type LocalDate, localDate } from "./localDate.js";
import { ivorianLunarDates, moroccanLunarDates } from "./lunarHolidays.js";

export { lunarYearsCovered } from "./lunarHolidays.js";

export const countries = ["CI", "MA"] as const;
export type Country = (typeof countries)[number];

export interface Holiday {
  date: LocalDate;
  name: { fr: string; en: string };
}

interface FixedHoliday {
  month: number;
  day: number;
  fr: string;
  en: string;
  /** First year it is observed, for holidays created recently. */
  since?: number;
}

const fixed: Record<Country, FixedHoliday[]> = {
  CI: [
    { month: 1, day: 1, fr: "Jour de l'an", en: "New Year's Day" },
    { month: 5, day: 1, fr: "Fête du Travail", en: "Labour Day" },
    { month: 8, day: 7, fr: "Fête de l'Indépendance", en: "Independence Day" },
    { month: 8, day: 15, fr: "Assomption", en: "Assumption Day" },
    { month: 11, day: 1, fr: "Toussaint", en: "All Saints' Day" },
    { month: 11, day: 15, fr: "Journée nationale de la paix", en: "National Peace Day" },
    { month: 12, day: 25, fr: "Noël", en: "Christmas Day" },
  ],
  MA: [
    { month: 1, day: 1, fr: "Nouvel an", en: "New Year's Day" },
    { month: 1, day: 11, fr: "Manifeste de l'indépendance", en: "Independence Manifesto Day" },
    { month: 1, day: 14, fr: "Nouvel an amazigh", en: "Amazigh New Year", since: 2024 },
    { month: 5, day: 1, fr: "Fête du Travail", en: "Labour Day" },
    { month: 7, day: 30, fr: "Fête du Trône", en: "Throne Day" },
    { month: 8, day: 14, fr: "Allégeance d'Oued Eddahab", en: "Oued Eddahab Day" },
    { month: 8, day: 20, fr: "Révolution du Roi et du Peuple", en: "Revolution of the King and the People" },
    { month: 8, day: 21, fr: "Fête de la Jeunesse", en: "Youth Day" },
    { month: 11, day: 6, fr: "Marche verte", en: "Green March" },
    { month: 11, day: 18, fr: "Fête de l'Indépendance", en: "Independence Day" },
  ],
};

function ivorianMovable(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: Holiday[] = [
    { date: addDays(easter, 1), name: { fr: "Lundi de Pâques", en: "Easter Monday" } },
    { date: addDays(easter, 39), name: { fr: "Ascension", en: "Ascension Day" } },
    { date: addDays(easter, 50), name: { fr: "Lundi de Pentecôte", en: "Whit Monday" } },
  ];
  const moon = ivorianLunarDates[year];
  if (moon) {
    list.push(
      {
        date: moon.qadr,
        name: { fr: "Lendemain de la Nuit du Destin (Lailatou Kadr)", en: "Laylat al-Qadr" },
      },
      { date: moon.fitr, name: { fr: "Fête de fin du Ramadan (Korité)", en: "Eid al-Fitr" } },
      { date: moon.adha, name: { fr: "Fête du Sacrifice (Tabaski)", en: "Eid al-Adha" } },
      { date: moon.mawlid, name: { fr: "Maouloud", en: "Mawlid" } },
      { date: addDays(moon.mawlid, 1), name: { fr: "Lendemain du Maouloud", en: "Day after Mawlid" } },
    );
  }
  return list;
}

function moroccanMovable(year: number): Holiday[] {
  const moon = moroccanLunarDates[year];
  if (!moon) return [];
  const twoDays = (date: LocalDate, fr: string, en: string): Holiday[] => [
    { date, name: { fr, en } },
    { date: addDays(date, 1), name: { fr: `${fr} (2e jour)`, en: `${en} (day 2)` } },
  ];
  return [
    ...twoDays(moon.fitr, "Aïd al-Fitr", "Eid al-Fitr"),
    ...twoDays(moon.adha, "Aïd al-Adha", "Eid al-Adha"),
    { date: moon.hijra, name: { fr: "1er Moharram (Nouvel an de l'Hégire)", en: "Islamic New Year" } },
    ...twoDays(moon.mawlid, "Aïd al-Mawlid", "Mawlid"),
  ];
}

/**
 * A country's public holidays in a year, sorted by date. Lunar holidays are only included for
 * years in `lunarYearsCovered`; a date can appear twice when two holidays coincide.
 */
export function holidaysFor(country: Country, year: number): Holiday[] {
  const list: Holiday[] = fixed[country]
    .filter((h) => h.since === undefined || year >= h.since)
    .map((h) => ({ date: localDate(year, h.month, h.day), name: { fr: h.fr, en: h.en } }));
  list.push(...(country === "CI" ? ivorianMovable(year) : moroccanMovable(year)));
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
