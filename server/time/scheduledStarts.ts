import { z } from "zod";
import { toLocal } from "../../engine/calendar/timeZone.js";
import { message } from "../../engine/messages.js";
import { startCase } from "../commands/caseStarter.js";
import { findDefinitionInForce } from "../db/queries/definitions.js";
import { defineJob } from "../jobs/handler.js";
import { notify } from "../messages/outbox.js";
import { resolveRecipients } from "./caseMessages.js";

/** Who asked for a case the system started: nobody with an account. */
const SYSTEM_REQUESTER = { external: { name: "Système" } };

/**
 * Starts one run of a recurring procedure (R's daily backup, S's evening stop…) as the system.
 * The job's key names the run, so two app servers or a retry start it once.
 */
export const startScheduledCaseJob = defineJob({
  name: "time.start-scheduled-case",
  payload: z.strictObject({ procedureId: z.string().min(1), period: z.iso.datetime() }),
  maxAttempts: 5,
  async run({ context, payload }) {
    if (!context) throw new Error("time.start-scheduled-case works for an organisation");
    const def = await findDefinitionInForce(context.tx, context.organisation, payload.procedureId);
    if (!def) return;
    const calendar = (await context.directory()).calendar;
    const day = toLocal(new Date(payload.period), calendar.timeZone).date;
    await startCase(context, {
      procedureId: def.id,
      requester: SYSTEM_REQUESTER,
      title: `${def.title} — ${day}`,
    });
  },
});

/**
 * The manual's lifecycle: `noticeMonths` before a definition's revision date, its owner is told
 * and the revision procedure starts by itself, with the document, its version and its expiry
 * filled in where that procedure's first form asks for them.
 */
export const startRevisionJob = defineJob({
  name: "time.start-revision",
  payload: z.strictObject({ procedureId: z.string().min(1), version: z.number().int(), day: z.string() }),
  maxAttempts: 5,
  async run({ context, payload, now }) {
    if (!context) throw new Error("time.start-revision works for an organisation");
    const def = await findDefinitionInForce(context.tx, context.organisation, payload.procedureId);
    if (!def?.revision || !def.revisionDate) return;
    const revision = await findDefinitionInForce(context.tx, context.organisation, def.revision.procedure);
    if (!revision) throw new Error(`revision procedure ${def.revision.procedure} is not in force`);
    const firstForm = revision.steps.find((s) => s.id === revision.start)?.form ?? [];
    const known: Record<string, unknown> = {
      document: def.title,
      procedure: def.id,
      version_actuelle: String(def.version),
      date_expiration: def.revisionDate,
    };
    const data = Object.fromEntries(firstForm.filter((f) => f.id in known).map((f) => [f.id, known[f.id]]));
    const started = await startCase(context, {
      procedureId: revision.id,
      requester: SYSTEM_REQUESTER,
      title: `Révision : ${def.title}`,
      data,
    });
    const directory = await context.directory();
    const owners = resolveRecipients(directory, def, { requesterId: null, state: started.state }, [
      { actor: def.revision.owner },
    ]).people;
    await notify(
      context.tx,
      context.organisation,
      owners.map((userId) => ({
        userId,
        kind: "revision_due",
        subject: message(`Révision à préparer : ${def.title}`, `Revision due: ${def.title}`),
        body: message(
          `« ${def.title} » (version ${def.version}) expire le ${def.revisionDate} : la révision ${started.registryNumber} est ouverte.`,
          `"${def.title}" (version ${def.version}) expires on ${def.revisionDate}: revision ${started.registryNumber} is open.`,
        ),
        caseId: started.id,
        createdAt: now,
      })),
      now,
    );
  },
});
