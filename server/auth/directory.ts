import { readFileSync } from "node:fs";
import { Client, Filter, InvalidCredentialsError, SizeLimitExceededError } from "ldapts";
import { message } from "../../engine/messages.js";
import { AppError } from "../errors.js";

/** An LDAP directory or Active Directory domain that checks passwords for `authSource: ldap` accounts. */
export interface DirectoryConfig {
  url: string;
  /** The service account that searches for a person's entry. */
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  /** `{matricule}` is replaced by the typed matricule, escaped per RFC 4515. */
  userFilter: string;
  nameAttribute: string;
  emailAttribute: string;
  /** PEM certificate(s) of the authority that signed the directory's TLS certificate (ldaps://). */
  tlsCa: string | null;
  /** Create an unknown directory person here, with no roles, in this unit. */
  autoCreate: { organisation: string; unitCode: string } | null;
}

/** What the directory says about a matricule and a password. */
export type DirectoryCheck =
  | { kind: "accepted"; dn: string; name: string | null; email: string | null }
  | { kind: "wrong_password"; dn: string }
  | { kind: "unknown" }
  | { kind: "ambiguous"; count: number };

export const directoryUnavailable = () =>
  new AppError(
    503,
    "directory_unavailable",
    message(
      "l'annuaire de l'administration ne répond pas : réessayez dans quelques minutes ou prévenez la DSI",
      "the administration's directory is not answering: try again in a few minutes or tell the IT department",
    ),
  );

/**
 * Reads the directory settings; null when LDAP_URL is not set (no directory sign-in).
 * Throws on a half-made configuration rather than starting a server that cannot sign anyone in.
 */
export function directoryConfigFromEnv(env: NodeJS.ProcessEnv): DirectoryConfig | null {
  const url = env.LDAP_URL?.trim();
  if (!url) return null;
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} is required when LDAP_URL is set`);
    return value;
  };
  let autoCreate: DirectoryConfig["autoCreate"] = null;
  if (env.LDAP_AUTO_CREATE === "true") {
    const [organisation, unitCode] = required("LDAP_DEFAULT_UNIT").split("/");
    if (!organisation || !unitCode) {
      throw new Error("LDAP_DEFAULT_UNIT must name <organisation>/<unit code>, e.g. douanes/DSI");
    }
    autoCreate = { organisation, unitCode };
  }
  return {
    url,
    bindDn: required("LDAP_BIND_DN"),
    bindPassword: env.LDAP_BIND_PASSWORD ?? "",
    baseDn: required("LDAP_BASE_DN"),
    userFilter: env.LDAP_USER_FILTER?.trim() || "(uid={matricule})",
    nameAttribute: env.LDAP_NAME_ATTRIBUTE?.trim() || "cn",
    emailAttribute: env.LDAP_EMAIL_ATTRIBUTE?.trim() || "mail",
    tlsCa: env.LDAP_TLS_CA ? readFileSync(env.LDAP_TLS_CA, "utf8") : null,
    autoCreate,
  };
}

/**
 * The search filter for a matricule. The typed value is escaped (RFC 4515: `*`, `(`, `)`, `\`,
 * NUL), so that `*)(uid=*` is looked for literally instead of widening the filter.
 */
export function userFilterFor(template: string, matricule: string): string {
  return template.replaceAll("{matricule}", Filter.escape(matricule));
}

function firstValue(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return null;
  const text = (Buffer.isBuffer(first) ? first.toString("utf8") : String(first)).trim();
  return text === "" ? null : text;
}

/**
 * Look up, then bind: the service account finds the person's entry (people sit in many OUs, so
 * their DN cannot be guessed from the matricule), then a second connection binds as that DN with
 * the typed password. Only the directory sees the password. Throws `directoryUnavailable` when the
 * directory cannot be reached or refuses the service account: that is no one's wrong password.
 */
export async function checkDirectoryPassword(
  config: DirectoryConfig,
  matricule: string,
  password: string,
): Promise<DirectoryCheck> {
  const options = {
    url: config.url,
    connectTimeout: 5_000,
    timeout: 10_000,
    ...(config.tlsCa ? { tlsOptions: { ca: config.tlsCa } } : {}),
  };
  const service = new Client(options);
  let entry: { dn: string; name: string | null; email: string | null };
  try {
    await service.bind(config.bindDn, config.bindPassword);
    const { searchEntries } = await service.search(config.baseDn, {
      scope: "sub",
      filter: userFilterFor(config.userFilter, matricule),
      attributes: [config.nameAttribute, config.emailAttribute],
      sizeLimit: 2,
    });
    if (searchEntries.length === 0) return { kind: "unknown" };
    if (searchEntries.length > 1) return { kind: "ambiguous", count: searchEntries.length };
    const found = searchEntries[0]!;
    entry = {
      dn: found.dn,
      name: firstValue(found[config.nameAttribute]),
      email: firstValue(found[config.emailAttribute]),
    };
  } catch (error) {
    if (error instanceof SizeLimitExceededError) return { kind: "ambiguous", count: 2 };
    throw Object.assign(directoryUnavailable(), { cause: error });
  } finally {
    await service.unbind().catch(() => {});
  }

  // An empty password would be an anonymous bind, which directories accept: never a sign-in.
  if (password === "") return { kind: "wrong_password", dn: entry.dn };
  const person = new Client(options);
  try {
    await person.bind(entry.dn, password);
    return { kind: "accepted", ...entry };
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return { kind: "wrong_password", dn: entry.dn };
    throw Object.assign(directoryUnavailable(), { cause: error });
  } finally {
    await person.unbind().catch(() => {});
  }
}
