import { createHash } from "node:crypto";
import type { RegisterEntry } from "../../catalog/checkRegisters.js";
import { canonicalJson } from "../audit/hashChain.js";
import type { Db } from "../db/database.js";
import { findRegisterHash, upsertRegisterDefinition } from "../db/queries/registers.js";

/**
 * Stores the catalog's registers. A register is replaced when its file changed: entries keep
 * their values as JSON, so a new field is simply empty on older entries.
 */
export async function loadRegistersIntoDatabase(
  tx: Db,
  registers: RegisterEntry[],
  now: Date,
): Promise<number> {
  let changed = 0;
  for (const { register } of registers) {
    const hash = createHash("sha256").update(canonicalJson(register)).digest("hex");
    if ((await findRegisterHash(tx, register.organisation, register.id)) === hash) continue;
    await upsertRegisterDefinition(tx, register, hash, now);
    changed++;
  }
  return changed;
}
