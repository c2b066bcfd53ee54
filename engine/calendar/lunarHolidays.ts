import type { LocalDate } from "./localDate.js";

/*
 * Holidays of the Hegira calendar. Their dates depend on the sighting of the new moon and are only
 * fixed when each government announces them, a day or two before: every date below is the EXPECTED
 * one (2024 and 2025 as observed, later years from the Umm al-Qura calendar shifted by the usual
 * one-day lag of local sighting). When Abidjan or Rabat announces a different date, correct it here;
 * extend the table before 2030 runs out, or due dates will silently ignore these holidays.
 */

/** Côte d'Ivoire: the day each holiday is observed. */
interface IvorianLunarDates {
  /** Lailatou Kadr: the day after the 27th night of Ramadan (the night itself is not a work day). */
  qadr: LocalDate;
  /** Korité. */
  fitr: LocalDate;
  /** Tabaski. */
  adha: LocalDate;
  /** Maouloud; the day after is a holiday too. */
  mawlid: LocalDate;
}

/** Morocco: the first day of each; Fitr, Adha and Mawlid last two days. */
interface MoroccanLunarDates {
  fitr: LocalDate;
  adha: LocalDate;
  hijra: LocalDate;
  mawlid: LocalDate;
}

export const ivorianLunarDates: Readonly<Record<number, IvorianLunarDates>> = {
  2024: { qadr: "2024-04-06", fitr: "2024-04-10", adha: "2024-06-16", mawlid: "2024-09-15" },
  2025: { qadr: "2025-03-27", fitr: "2025-03-31", adha: "2025-06-06", mawlid: "2025-09-05" },
  2026: { qadr: "2026-03-17", fitr: "2026-03-20", adha: "2026-05-27", mawlid: "2026-08-26" },
  2027: { qadr: "2027-03-07", fitr: "2027-03-10", adha: "2027-05-16", mawlid: "2027-08-15" },
  2028: { qadr: "2028-02-24", fitr: "2028-02-27", adha: "2028-05-05", mawlid: "2028-08-04" },
  2029: { qadr: "2029-02-12", fitr: "2029-02-15", adha: "2029-04-24", mawlid: "2029-07-25" },
  2030: { qadr: "2030-02-01", fitr: "2030-02-05", adha: "2030-04-13", mawlid: "2030-07-14" },
};

export const moroccanLunarDates: Readonly<Record<number, MoroccanLunarDates>> = {
  2024: { fitr: "2024-04-10", adha: "2024-06-17", hijra: "2024-07-08", mawlid: "2024-09-16" },
  2025: { fitr: "2025-03-31", adha: "2025-06-07", hijra: "2025-06-27", mawlid: "2025-09-05" },
  2026: { fitr: "2026-03-21", adha: "2026-05-28", hijra: "2026-06-17", mawlid: "2026-08-26" },
  2027: { fitr: "2027-03-10", adha: "2027-05-17", hijra: "2027-06-07", mawlid: "2027-08-15" },
  2028: { fitr: "2028-02-27", adha: "2028-05-06", hijra: "2028-05-26", mawlid: "2028-08-04" },
  2029: { fitr: "2029-02-15", adha: "2029-04-25", hijra: "2029-05-15", mawlid: "2029-07-25" },
  2030: { fitr: "2030-02-05", adha: "2030-04-14", hijra: "2030-05-05", mawlid: "2030-07-14" },
};

/** Years both tables cover; outside them, callers should warn that lunar holidays are missing. */
export const lunarYearsCovered: readonly number[] = Object.keys(ivorianLunarDates)
  .map(Number)
  .filter((year) => year in moroccanLunarDates);
