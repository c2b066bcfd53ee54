import { createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import {
  checkpointKeyFile,
  keyIdOf,
  loadCheckpointKey,
  publicKeyPem,
} from "../../server/audit/checkpointKey.js";
import {
  presentCheckpoint,
  type SignedCheckpoint,
  verifyCheckpoints,
} from "../../server/audit/checkpoints.js";
import type { Db } from "../../server/db/database.js";
import { listAuditCheckpoints } from "../../server/db/queries/auditCheckpoints.js";

export interface AuditOptions {
  /** An export of checkpoints kept outside the database, checked as well as the database's own. */
  checkpoints?: string | undefined;
  /** The public key to check signatures with (PEM), for an auditor without the signing key. */
  publicKey?: string | undefined;
  organisation?: string | undefined;
}

/** The format of `logigramme audit checkpoints export`. */
export interface CheckpointExport {
  format: "logigramme-audit-checkpoints/1";
  exportedAt: string;
  keyId: string;
  publicKey: string;
  checkpoints: SignedCheckpoint[];
}

/** The configured signing key's public half, when one exists (verification never creates a key). */
function configuredPublicKey(): KeyObject | null {
  if (!process.env.AUDIT_SIGNING_KEY && !existsSync(checkpointKeyFile())) return null;
  return loadCheckpointKey().publicKey;
}

export async function exportAuditCheckpoints(db: Db, organisation?: string): Promise<CheckpointExport> {
  const publicKey = configuredPublicKey();
  return {
    format: "logigramme-audit-checkpoints/1",
    exportedAt: new Date().toISOString(),
    keyId: publicKey ? keyIdOf(publicKey) : "",
    publicKey: publicKey ? publicKeyPem(publicKey) : "",
    checkpoints: (await listAuditCheckpoints(db, organisation)).map(presentCheckpoint),
  };
}

/**
 * Checks the database's checkpoints, and those of an export when one is given, against the chains
 * as stored now. The public key: `--public-key`, else the configured signing key's, else the one
 * the export carries (an export kept out of reach vouches for its own key). Returns the number of
 * problems, each printed.
 */
export async function verifyCheckpointsCommand(
  db: Db,
  options: AuditOptions,
  t: (fr: string, en: string) => string,
): Promise<number> {
  const exported = options.checkpoints
    ? (JSON.parse(readFileSync(options.checkpoints, "utf8")) as CheckpointExport)
    : null;
  const publicKey = options.publicKey
    ? createPublicKey(readFileSync(options.publicKey, "utf8"))
    : (configuredPublicKey() ?? (exported?.publicKey ? createPublicKey(exported.publicKey) : null));
  const stored = (await listAuditCheckpoints(db)).map(presentCheckpoint);
  if (!publicKey) {
    if (stored.length === 0) return 0;
    console.error(
      t(
        "points de contrôle présents mais aucune clé pour les vérifier (--public-key)",
        "checkpoints found but no key to check them with (--public-key)",
      ),
    );
    return 1;
  }
  let problems = 0;
  const sources: Array<[string, SignedCheckpoint[]]> = [[t("base", "database"), stored]];
  if (exported) sources.push([options.checkpoints!, exported.checkpoints]);
  for (const [source, checkpoints] of sources) {
    const result = await verifyCheckpoints(db, checkpoints, publicKey);
    for (const p of result.problems) {
      console.error(
        t(
          `point de contrôle ${p.checkpointId} (${p.organisation}, ${p.takenAt}, ${source}) : ${p.reason}${p.chainId ? ` ${p.chainId}` : ""}${p.seq ? ` n° ${p.seq}` : ""}`,
          `checkpoint ${p.checkpointId} (${p.organisation}, ${p.takenAt}, ${source}): ${p.reason}${p.chainId ? ` ${p.chainId}` : ""}${p.seq ? ` #${p.seq}` : ""}`,
        ),
      );
    }
    console.log(
      t(
        `points de contrôle signés (${source}) : ${result.checked} vérifiés ; ${result.problems.length} problème(s)`,
        `signed checkpoints (${source}): ${result.checked} checked; ${result.problems.length} problem(s)`,
      ),
    );
    problems += result.problems.length;
  }
  return problems;
}
