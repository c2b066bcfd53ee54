import { describe, expect, it } from "vitest";
import { passwordProblems } from "./passwordPolicy.js";

const who = { matricule: "DGD0008", name: "Akissi KANGA" };

describe("the password policy", () => {
  it("accepts a long password mixing three kinds of characters", () => {
    expect(passwordProblems("Soleil-du-matin-42", who)).toEqual([]);
  });

  it("refuses a short one, saying the minimum length in French and English", () => {
    const problems = passwordProblems("Ab1!", who);
    expect(problems.map((p) => p.fr)).toContain("au moins 10 caractères");
    expect(problems.map((p) => p.en)).toContain("at least 10 characters");
  });

  it("refuses a password of one or two kinds of characters", () => {
    expect(passwordProblems("motdepasselong", who)).toHaveLength(1);
    expect(passwordProblems("motdepasse2026", who)).toHaveLength(1);
  });

  it("refuses a password containing the matricule or a part of the name", () => {
    expect(passwordProblems("Xdgd0008-Abc", who)).toHaveLength(1);
    expect(passwordProblems("Kanga-2026-Ab", who)).toHaveLength(1);
  });
});
