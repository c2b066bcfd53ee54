import { easterSunday } from "./easter.js";
import { addDays, type LocalDate } from "./localDate.js";

export type Country = "CI" | "MA";

export interface Holiday {
  date: LocalDate;
  name: { fr: string; en: string };
}

const fixed: Record<Country, Array<[month: number, day: number, fr: string, en: string]>> = {
  CI: [
    [1, 1, "Jour de l'an", "New Year's Day"],
    [5, 1, "Fête du Travail", "Labour Day"],
    [8, 7, "Fête de l'Indépendance", "Independence Day"],
    [8, 15, "Assomption", "Assumption"],
    [11, 1, "Toussaint", "All Saints' Day"],
    [11, 15, "Journée nationale de la paix", "National Peace Day"],
    [12, 25, "Noël", "Christmas Day"],
  ],
  MA: [
    [1, 1, "Nouvel an", "New Year's Day"],
    [1, 11, "Manifeste de l'indépendance", "Independence Manifesto Day"],
    [1, 14, "Nouvel an amazigh", "Amazigh New Year"],
    [5, 1, "Fête du Travail", "Labour Day"],
    [7, 30, "Fête du Trône", "Throne Day"],
    [8, 14, "Allégeance d'Oued Eddahab", "Oued Eddahab Day"],
    [8, 20, "Révolution du Roi et du Peuple", "Revolution of the King and the People"],
    [8, 21, "Fête de la Jeunesse", "Youth Day"],
    [11, 6, "Marche verte", "Green March"],
    [11, 18, "Fête de l'Indépendance", "Independence Day"],
  ],
};

/**
 * Holidays of the Hegira calendar, by year: their dates depend on the sighting of the moon and
 * are announced by each government shortly before. These are the expected dates; the table must
 * be updated when a government announces a different one (and extended each year).
 */
const lunar: Record<
  number,
  { fitr: LocalDate; adha: LocalDate; mawlid: LocalDate; qadr: LocalDate; hijra: LocalDate }
> = {
  2024: {
    fitr: "2024-04-10",
    adha: "2024-06-17",
    mawlid: "2024-09-16",
    qadr: "2024-04-06",
    hijra: "2024-07-08",
  },
  2025: {
    fitr: "2025-03-31",
    adha: "2025-06-06",
    mawlid: "2025-09-05",
    qadr: "2025-03-27",
    hijra: "2025-06-27",
  },
  2026: {
    fitr: "2026-03-20",
    adha: "2026-05-27",
    mawlid: "2026-08-26",
    qadr: "2026-03-17",
    hijra: "2026-06-17",
  },
  2027: {
    fitr: "2027-03-10",
    adha: "2027-05-16",
    mawlid: "2027-08-15",
    qadr: "2027-03-06",
    hijra: "2027-06-06",
  },
  2028: {
    fitr: "2028-02-27",
    adha: "2028-05-05",
    mawlid: "2028-08-04",
    qadr: "2028-02-23",
    hijra: "2028-05-26",
  },
  2029: {
    fitr: "2029-02-15",
    adha: "2029-04-24",
    mawlid: "2029-07-24",
    qadr: "2029-02-11",
    hijra: "2029-05-15",
  },
  2030: {
    fitr: "2030-02-05",
    adha: "2030-04-14",
    mawlid: "2030-07-14",
    qadr: "2030-02-01",
    hijra: "2030-05-04",
  },
};

export const lunarYearsCovered: readonly number[] = Object.keys(lunar).map(Number);

export function holidaysFor(country: Country, year: number): Holiday[] {
  const pad = (n: number) => String(n).padStart(2, "0");
  const list: Holiday[] = fixed[country].map(([m, d, fr, en]) => ({
    date: `${year}-${pad(m)}-${pad(d)}`,
    name: { fr, en },
  }));
  if (country === "CI") {
    const easter = easterSunday(year);
    list.push(
      { date: addDays(easter, 1), name: { fr: "Lundi de Pâques", en: "Easter Monday" } },
      { date: addDays(easter, 39), name: { fr: "Ascension", en: "Ascension Day" } },
      { date: addDays(easter, 50), name: { fr: "Lundi de Pentecôte", en: "Whit Monday" } },
    );
  }
  const moon = lunar[year];
  if (moon) {
    if (country === "CI") {
      list.push(
        {
          date: moon.qadr,
          name: { fr: "Lendemain de la Nuit du Destin (Lailatou Kadr)", en: "Laylat al-Qadr" },
        },
        { date: moon.fitr, name: { fr: "Fête de fin du Ramadan (Korité)", en: "Eid al-Fitr" } },
        { date: moon.adha, name: { fr: "Fête de la Tabaski", en: "Eid al-Adha" } },
        {
          date: moon.mawlid,
          name: {
            fr: "Lendemain de l'anniversaire de la naissance du Prophète (Maouloud)",
            en: "Day after Mawlid",
          },
        },
      );
    } else {
      list.push(
        { date: moon.fitr, name: { fr: "Aïd al-Fitr", en: "Eid al-Fitr" } },
        { date: addDays(moon.fitr, 1), name: { fr: "Aïd al-Fitr (2e jour)", en: "Eid al-Fitr (day 2)" } },
        { date: moon.adha, name: { fr: "Aïd al-Adha", en: "Eid al-Adha" } },
        { date: addDays(moon.adha, 1), name: { fr: "Aïd al-Adha (2e jour)", en: "Eid al-Adha (day 2)" } },
        { date: moon.hijra, name: { fr: "1er Moharram (Nouvel an de l'Hégire)", en: "Islamic New Year" } },
        { date: moon.mawlid, name: { fr: "Aïd al-Mawlid", en: "Mawlid" } },
        { date: addDays(moon.mawlid, 1), name: { fr: "Aïd al-Mawlid (2e jour)", en: "Mawlid (day 2)" } },
      );
    }
  }
  return list.sort((a, b) => a.date.localeCompare(b.date));
}
