import { randomBytes } from "node:crypto";
import { passwordProblems } from "../../shared/passwordPolicy.js";

/**
 * A default password an administrator hands to a person (creation, reset): random, following
 * the policy, and to be replaced at the first login (`mustChangePassword`).
 */
export function newDefaultPassword(person: { matricule: string; name: string }): string {
  for (;;) {
    // 12 random bytes are 16 base64url characters (96 bits); the prefix guarantees three kinds.
    const candidate = `Lg7-${randomBytes(12).toString("base64url")}`;
    if (passwordProblems(candidate, person).length === 0) return candidate;
  }
}
