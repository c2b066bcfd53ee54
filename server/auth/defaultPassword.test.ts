import { describe, expect, it } from "vitest";
import { passwordProblems } from "../../shared/passwordPolicy.js";
import { newDefaultPassword } from "./defaultPassword.js";

describe("newDefaultPassword", () => {
  it("follows the password policy and differs every time", () => {
    const person = { matricule: "DGD0500", name: "Awa TRAORÉ" };
    const passwords = Array.from({ length: 20 }, () => newDefaultPassword(person));
    for (const p of passwords) expect(passwordProblems(p, person)).toEqual([]);
    expect(new Set(passwords).size).toBe(passwords.length);
  });
});
