import { type LocalizedMessage, message } from "../messages.js";
import type { Deadline, ProcedureDefinition } from "./schema.js";

const plural = (n: number, word: string) => `${word}${n > 1 ? "s" : ""}`;

/** A step's délai as a person reads it; the French words are the logigramme's (`deadlineText`). */
export function deadlineMessage(deadline: Deadline | undefined): LocalizedMessage | null {
  if (!deadline) return null;
  if ("businessDays" in deadline) {
    const n = deadline.businessDays;
    return message(`${n} ${plural(n, "jour")} ${plural(n, "ouvré")}`, `${n} business ${plural(n, "day")}`);
  }
  if ("hours" in deadline) {
    const n = deadline.hours;
    return message(`${n} h ${plural(n, "ouvrée")}`, `${n} working ${plural(n, "hour")}`);
  }
  if ("calendarDays" in deadline) {
    const n = deadline.calendarDays;
    return message(`${n} ${plural(n, "jour")}`, `${n} calendar ${plural(n, "day")}`);
  }
  if ("months" in deadline) {
    const n = deadline.months;
    return message(`${n} mois`, `${n} ${plural(n, "month")}`);
  }
  if ("fromField" in deadline) {
    return message(`Date saisie (${deadline.fromField})`, `Date entered (${deadline.fromField})`);
  }
  return deadline.note
    ? message(`Selon le cas (${deadline.note})`, `Depends on the case (${deadline.note})`)
    : message("Fixé à l'action", "Set when acting");
}

/**
 * The délais of a procedure in one line, for a catalog listing: the steps' délais added up by unit
 * (a sum over every step, not a path: decisions may skip some) and how many steps have none fixed.
 */
export function deadlineSummary(def: ProcedureDefinition): LocalizedMessage {
  const total = { businessDays: 0, hours: 0, calendarDays: 0, months: 0 };
  let open = 0;
  for (const step of def.steps) {
    const d = step.deadline;
    if (!d || "setWhenActing" in d || "fromField" in d) open++;
    else if ("businessDays" in d) total.businessDays += d.businessDays;
    else if ("hours" in d) total.hours += d.hours;
    else if ("calendarDays" in d) total.calendarDays += d.calendarDays;
    else total.months += d.months;
  }
  const parts = (
    [
      total.businessDays ? { businessDays: total.businessDays } : null,
      total.hours ? { hours: total.hours } : null,
      total.calendarDays ? { calendarDays: total.calendarDays } : null,
      total.months ? { months: total.months } : null,
    ] as Array<Deadline | null>
  ).flatMap((d) => (d ? [deadlineMessage(d)!] : []));
  const steps = def.steps.length;
  const without =
    open === 0
      ? message("", "")
      : message(
          ` ; ${open} ${plural(open, "étape")} sur ${steps} sans délai fixe`,
          `; ${open} of ${steps} ${plural(steps, "step")} without a fixed délai`,
        );
  if (parts.length === 0) {
    return message(
      `Aucun délai fixe (${steps} ${plural(steps, "étape")})`,
      `No fixed délai (${steps} ${plural(steps, "step")})`,
    );
  }
  return message(
    `Délais cumulés : ${parts.map((p) => p.fr).join(" + ")}${without.fr}`,
    `Total of the délais: ${parts.map((p) => p.en).join(" + ")}${without.en}`,
  );
}
