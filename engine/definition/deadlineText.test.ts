import { describe, expect, it } from "vitest";
import { definitionFromCatalog } from "../../catalog/findDefinition.js";
import { deadlineText } from "../diagram/layout.js";
import { deadlineMessage, deadlineSummary } from "./deadlineText.js";
import type { Deadline, ProcedureDefinition } from "./schema.js";

describe("délais as text", () => {
  it("writes each kind of délai in French and English, singular and plural", () => {
    expect(deadlineMessage({ businessDays: 1 })).toEqual({ fr: "1 jour ouvré", en: "1 business day" });
    expect(deadlineMessage({ businessDays: 3 })).toEqual({ fr: "3 jours ouvrés", en: "3 business days" });
    expect(deadlineMessage({ hours: 4 })).toEqual({ fr: "4 h ouvrées", en: "4 working hours" });
    expect(deadlineMessage({ calendarDays: 15 })).toEqual({ fr: "15 jours", en: "15 calendar days" });
    expect(deadlineMessage({ months: 1 })).toEqual({ fr: "1 mois", en: "1 month" });
    expect(deadlineMessage({ setWhenActing: true, note: "dépend du volume" })?.en).toBe(
      "Depends on the case (dépend du volume)",
    );
    expect(deadlineMessage(undefined)).toBeNull();
  });

  it("uses the same French words as the logigramme", () => {
    const kinds: Deadline[] = [
      { businessDays: 2 },
      { hours: 1 },
      { calendarDays: 3 },
      { months: 6 },
      { setWhenActing: true },
    ];
    for (const d of kinds) expect(deadlineMessage(d)?.fr).toBe(deadlineText(d));
  });

  it("sums a procedure's délais by unit and counts the steps without a fixed one", () => {
    const base = definitionFromCatalog("douanes-d-sauvegarde-serveurs");
    const def: ProcedureDefinition = {
      ...base,
      steps: base.steps.map((s, i) => ({
        ...s,
        deadline: i === 0 ? { businessDays: 2 } : i === 1 ? { hours: 3 } : undefined,
      })),
    };
    const summary = deadlineSummary(def);
    expect(summary.fr).toBe(
      `Délais cumulés : 2 jours ouvrés + 3 h ouvrées ; ${def.steps.length - 2} étapes sur ${def.steps.length} sans délai fixe`,
    );
    expect(summary.en).toContain("2 business days + 3 working hours");
    const none = deadlineSummary({ ...def, steps: def.steps.map((s) => ({ ...s, deadline: undefined })) });
    expect(none.fr).toBe(`Aucun délai fixe (${def.steps.length} étapes)`);
  });
});
