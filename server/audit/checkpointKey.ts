import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The Ed25519 key that signs audit checkpoints. It must live where the database does not: an
 * attacker who can write the database but not this key cannot sign checkpoints that would match a
 * rewritten chain. Read from `AUDIT_SIGNING_KEY` (the PEM itself, e.g. from a secret store), or the
 * file `AUDIT_SIGNING_KEY_FILE`, or by default `<DATA_DIR>/audit-signing-key.pem`, created with
 * mode 0600 the first time a checkpoint is taken. Several app servers must share one key (set the
 * variable on each).
 */
export interface CheckpointKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-256 of the public key (DER), first 32 hex digits: names the key in each checkpoint. */
  keyId: string;
}

export function checkpointKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUDIT_SIGNING_KEY_FILE ?? join(env.DATA_DIR ?? "data", "audit-signing-key.pem");
}

/** The signing key, created in its file when none is configured yet. */
export function loadCheckpointKey(env: NodeJS.ProcessEnv = process.env): CheckpointKey {
  let pem = env.AUDIT_SIGNING_KEY;
  if (!pem) {
    const file = checkpointKeyFile(env);
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync("ed25519");
      mkdirSync(dirname(file), { recursive: true });
      // `wx`: two servers starting together do not overwrite each other's new key.
      try {
        writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    pem = readFileSync(file, "utf8");
  }
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex")
    .slice(0, 32);
}

/** A public key as PEM text, for the export and for auditors. */
export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: "spki", format: "pem" }).toString();
}
