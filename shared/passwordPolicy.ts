import { type LocalizedMessage, message } from "../engine/messages.js";

/**
 * The password policy, shared by the server (which enforces it) and the web app (which explains
 * it while the person types). Length beats complexity rules, but administrations' security
 * policies ask for mixed characters too, so both apply.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export function passwordProblems(
  password: string,
  context: { matricule: string; name?: string },
): LocalizedMessage[] {
  const problems: LocalizedMessage[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push(
      message(`au moins ${PASSWORD_MIN_LENGTH} caractères`, `at least ${PASSWORD_MIN_LENGTH} characters`),
    );
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push(
      message(`au plus ${PASSWORD_MAX_LENGTH} caractères`, `at most ${PASSWORD_MAX_LENGTH} characters`),
    );
  }
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (kinds < 3) {
    problems.push(
      message(
        "au moins trois sortes de caractères parmi minuscules, majuscules, chiffres et symboles",
        "at least three kinds of characters among lower case, upper case, digits and symbols",
      ),
    );
  }
  const lower = password.toLowerCase();
  const personal = [context.matricule, ...(context.name ?? "").split(/\s+/)].filter((w) => w.length >= 3);
  if (personal.some((w) => lower.includes(w.toLowerCase()))) {
    problems.push(
      message("ni le matricule ni le nom de la personne", "neither the person's matricule nor their name"),
    );
  }
  return problems;
}
