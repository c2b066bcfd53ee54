import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Attribute, Change, Client } from "ldapts";

/**
 * A real OpenLDAP server (Debian's slapd) for the tests of the directory sign-in: its own
 * configuration, mdb database and port on 127.0.0.1, loaded with a few people, gone afterwards.
 */

export const SLAPD_SUFFIX = "dc=douanes,dc=ci";
export const SLAPD_PEOPLE = `ou=people,${SLAPD_SUFFIX}`;
export const SLAPD_SERVICE_DN = `cn=logigramme,ou=services,${SLAPD_SUFFIX}`;
export const SLAPD_SERVICE_PASSWORD = "service-secret-2026";
const ROOT_DN = `cn=admin,${SLAPD_SUFFIX}`;
const ROOT_PASSWORD = "root-secret-2026";

export interface DirectoryPerson {
  uid: string;
  password: string;
  givenName: string;
  sn: string;
  mail?: string;
}

export interface Slapd {
  url: string;
  /** Adds or replaces a person under ou=people. */
  addPerson: (person: DirectoryPerson) => Promise<void>;
  /** Changes attributes of a person, as the directory's administrators would. */
  modifyPerson: (uid: string, changes: Record<string, string>) => Promise<void>;
  /** Stops the server but keeps its data: `start()` brings it back on the same port. */
  stop: () => Promise<void>;
  start: () => Promise<void>;
  /** Stops the server and removes its files. */
  close: () => Promise<void>;
}

function findSlapd(): string {
  for (const candidate of ["/usr/sbin/slapd", "/usr/local/sbin/slapd", "/usr/local/libexec/slapd"]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    "slapd (OpenLDAP) is not installed; the directory sign-in tests run against a real one. " +
      "Install it with: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y slapd ldap-utils",
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function configuration(dir: string): string {
  const schema = "/etc/ldap/schema";
  return `${["core", "cosine", "nis", "inetorgperson"].map((s) => `include ${schema}/${s}.schema`).join("\n")}
pidfile ${join(dir, "slapd.pid")}
argsfile ${join(dir, "slapd.args")}
modulepath /usr/lib/ldap
moduleload back_mdb

database mdb
suffix "${SLAPD_SUFFIX}"
rootdn "${ROOT_DN}"
rootpw ${ROOT_PASSWORD}
directory ${join(dir, "data")}
maxsize 10485760

# As a directory is usually set up: passwords can only be used to bind; signed-in accounts read.
access to attrs=userPassword
  by anonymous auth
  by * none
access to *
  by users read
  by * none
`;
}

export async function startSlapd(): Promise<Slapd> {
  const binary = findSlapd();
  const dir = mkdtempSync(join(tmpdir(), "logigramme-slapd-"));
  mkdirSync(join(dir, "data"));
  const conf = join(dir, "slapd.conf");
  writeFileSync(conf, configuration(dir));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let output = "";

  const start = async () => {
    // -d keeps slapd in the foreground, so that it is our child and stops with us.
    const proc = spawn(binary, ["-f", conf, "-h", `${url}/`, "-d", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    proc.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    proc.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      if (proc.exitCode !== null) throw new Error(`slapd exited (${proc.exitCode}): ${output}`);
      const client = new Client({ url, connectTimeout: 1000 });
      try {
        await client.bind(ROOT_DN, ROOT_PASSWORD);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        await client.unbind().catch(() => {});
      }
    }
    throw new Error(`slapd did not answer on ${url}: ${output}`);
  };

  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    await exited;
  };

  const asRoot = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url });
    try {
      await client.bind(ROOT_DN, ROOT_PASSWORD);
      return await work(client);
    } finally {
      await client.unbind().catch(() => {});
    }
  };

  await start();
  await asRoot(async (client) => {
    await client.add(SLAPD_SUFFIX, {
      objectClass: ["top", "dcObject", "organization"],
      dc: "douanes",
      o: "Douanes",
    });
    for (const ou of ["people", "services"]) {
      await client.add(`ou=${ou},${SLAPD_SUFFIX}`, { objectClass: ["top", "organizationalUnit"], ou });
    }
    await client.add(SLAPD_SERVICE_DN, {
      objectClass: ["top", "person"],
      cn: "logigramme",
      sn: "Logigramme",
      userPassword: SLAPD_SERVICE_PASSWORD,
    });
  });

  return {
    url,
    addPerson: (person) =>
      asRoot(async (client) => {
        const dn = `uid=${person.uid},${SLAPD_PEOPLE}`;
        await client.del(dn).catch(() => {});
        await client.add(dn, {
          objectClass: ["top", "person", "organizationalPerson", "inetOrgPerson"],
          uid: person.uid,
          cn: `${person.givenName} ${person.sn}`,
          givenName: person.givenName,
          sn: person.sn,
          userPassword: person.password,
          ...(person.mail ? { mail: person.mail } : {}),
        });
      }),
    modifyPerson: (uid, changes) =>
      asRoot(async (client) => {
        await client.modify(
          `uid=${uid},${SLAPD_PEOPLE}`,
          Object.entries(changes).map(
            ([type, value]) =>
              new Change({ operation: "replace", modification: new Attribute({ type, values: [value] }) }),
          ),
        );
      }),
    start,
    stop,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
