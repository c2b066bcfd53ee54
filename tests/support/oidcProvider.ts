import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/**
 * A real, certified OpenID Connect provider (panva's oidc-provider) on a free port of 127.0.0.1,
 * with one confidential client and test accounts, for the single sign-on tests. Its development
 * login and consent pages are driven by `signInAtProvider`.
 */

export interface TestAccount {
  /** The provider's subject. */
  sub: string;
  preferred_username: string;
  name: string;
  email: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close: () => Promise<void>;
}

export async function startOidcProvider(options: {
  redirectUri: string;
  accounts: TestAccount[];
}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "logigramme";
  const clientSecret = "secret-du-client-logigramme-2026";
  const accounts = new Map(options.accounts.map((a) => [a.sub, a]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email"] },
    // ID tokens carry the claims themselves (no userinfo call needed), as most providers allow.
    conformIdTokenClaims: false,
    cookies: { keys: ["cle-de-test-des-cookies-du-fournisseur"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
  });
  // The development interactions warn on every start; the tests know.
  provider.on("server_error", (_ctx, error) => {
    console.error("oidc-provider:", error);
  });
  server.on("request", provider.callback());

  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A browser's cookies, enough to carry a sign-in through the provider's pages. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === "" || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * Follows the provider's redirects from the authorization URL as a browser would, signs in as
 * `sub` on the login page, accepts the consent page, and returns the URL the provider finally
 * sends the browser to (the app's callback, with code, state and iss).
 */
export async function signInAtProvider(authorizationUrl: string, sub: string): Promise<URL> {
  const jar = new CookieJar();
  let url = new URL(authorizationUrl);
  let method = "GET";
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(url, {
      method,
      redirect: "manual",
      headers: {
        cookie: jar.header(),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(body ? { body } : {}),
    });
    jar.store(response);
    method = "GET";
    body = undefined;
    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin !== url.origin && !next.pathname.startsWith("/interaction")) return next;
      url = next;
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${page}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (!action) throw new Error(`no form on the provider's page: ${page}`);
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    url = new URL(action.replaceAll("&amp;", "&"), url);
    method = "POST";
    body =
      prompt === "login"
        ? new URLSearchParams({ prompt: "login", login: sub, password: "sans importance" })
        : new URLSearchParams({ prompt: prompt ?? "consent" });
  }
  throw new Error("too many redirects at the provider");
}
