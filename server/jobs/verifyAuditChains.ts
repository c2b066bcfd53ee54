import { z } from "zod";
import { message } from "../../engine/messages.js";
import { loadCheckpointKey } from "../audit/checkpointKey.js";
import { presentCheckpoint, verifyCheckpoints } from "../audit/checkpoints.js";
import { appendSecurityEvent, verifySecurityTrail } from "../audit/securityTrail.js";
import { verifyAudit } from "../audit/verifyAudit.js";
import { securityOfficersOf } from "../db/queries/accounts.js";
import { listAuditCheckpoints } from "../db/queries/auditCheckpoints.js";
import { insertNotifications } from "../db/queries/notifications.js";
import { defineJob } from "./handler.js";
import { systemTrace } from "./systemCaller.js";

/** At most this many broken links are named in the trail and the notification. */
const NAMED_LINKS = 20;

/**
 * Recomputes every hash chain of one organisation (its cases and its security trail), records the
 * result in its security trail, and tells its security officer of any broken link.
 */
export const verifyAuditChainsJob = defineJob({
  name: "audit.verify-chains",
  payload: z.strictObject({}),
  maxAttempts: 3,
  async run({ tx, job, now, caller }) {
    const organisation = job.organisation;
    if (!organisation) throw new Error("audit.verify-chains needs the organisation whose chains it checks");
    const cases = await verifyAudit(tx, organisation);
    const trail = await verifySecurityTrail(tx, organisation);
    const checkpoints = await verifyCheckpoints(
      tx,
      (await listAuditCheckpoints(tx, organisation)).map(presentCheckpoint),
      loadCheckpointKey().publicKey,
    );
    const brokenCases = cases.broken.slice(0, NAMED_LINKS);
    await appendSecurityEvent(
      tx,
      {
        organisation,
        type: "audit_verified",
        userId: null,
        matricule: null,
        actorUserId: null,
        ip: null,
        payload: {
          casesChecked: cases.casesChecked,
          eventsChecked: cases.eventsChecked,
          brokenCases: cases.broken.length,
          firstBrokenCases: brokenCases,
          securityEventsChecked: trail.checked,
          brokenSecurityTrail: trail.broken,
          checkpointsChecked: checkpoints.checked,
          checkpointProblems: checkpoints.problems.slice(0, NAMED_LINKS),
          ...systemTrace(caller),
        },
      },
      now,
    );
    if (cases.broken.length === 0 && trail.broken.length === 0 && checkpoints.problems.length === 0) return;
    const lines = [
      ...brokenCases.map((b) =>
        message(
          `dossier ${b.registryNumber} : ${b.seq === null ? "fin de chaîne" : `événement n° ${b.seq}`} (${b.reason})`,
          `case ${b.registryNumber}: ${b.seq === null ? "tail of the chain" : `event #${b.seq}`} (${b.reason})`,
        ),
      ),
      ...trail.broken.map((b) =>
        message(
          `journal de sécurité : événement ${b.id} (${b.reason})`,
          `security trail: event ${b.id} (${b.reason})`,
        ),
      ),
      ...checkpoints.problems
        .slice(0, NAMED_LINKS)
        .map((p) =>
          message(
            `point de contrôle signé du ${p.takenAt} : ${p.chainId ?? ""} (${p.reason})`,
            `signed checkpoint of ${p.takenAt}: ${p.chainId ?? ""} (${p.reason})`,
          ),
        ),
    ];
    const count = cases.broken.length + trail.broken.length + checkpoints.problems.length;
    await insertNotifications(
      tx,
      (await securityOfficersOf(tx, organisation)).map((userId) => ({
        organisation,
        userId,
        kind: "audit_chain_broken",
        subject: message(
          `Journal d'audit : ${count} chaîne(s) rompue(s)`,
          `Audit trail: ${count} broken chain(s)`,
        ),
        body: message(
          `La vérification nocturne du journal d'audit a trouvé des maillons rompus (modification ou suppression hors de l'application) : ${lines.map((l) => l.fr).join(" ; ")}. Vérifiez avec « logigramme audit verify ».`,
          `The nightly audit verification found broken links (a change or deletion outside the application): ${lines.map((l) => l.en).join("; ")}. Check with "logigramme audit verify".`,
        ),
        createdAt: now,
      })),
    );
  },
});
