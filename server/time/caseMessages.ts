import type { SentMessage } from "../../engine/case/events.js";
import { fillTemplate } from "../../engine/case/messageText.js";
import type { CaseState } from "../../engine/case/state.js";
import type { MessageTemplate, ProcedureDefinition, Recipient } from "../../engine/definition/schema.js";
import { message } from "../../engine/messages.js";
import type { OrganisationDirectory } from "../context/organisationDirectory.js";
import type { Db } from "../db/database.js";
import { enqueueJob } from "../jobs/queue.js";
import { sendExternalEmailJob } from "../messages/externalMail.js";
import { notify } from "../messages/outbox.js";

/** The case a message is about, as templates and recipients need it. */
export interface MessageCase {
  id: string;
  organisation: string;
  registryNumber: string;
  title: string;
  requesterId: string | null;
  state: CaseState;
}

/**
 * Sends a message of the definition from the system: people of the org chart receive it as a
 * notification (and by e-mail as they chose), addresses outside it as one e-mail with its To and
 * Cc (a job, keyed so that it leaves once). Returns what the audit trail keeps of it.
 */
export async function sendCaseMessage(
  tx: Db,
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  kase: MessageCase,
  template: MessageTemplate,
  options: { key: string; kind: string; now: Date },
): Promise<SentMessage> {
  const values: Record<string, unknown> = {
    ...kase.state.data,
    "case.number": kase.registryNumber,
    "case.title": kase.title,
    "procedure.title": def.title,
  };
  const subject = fillTemplate(template.subject, values);
  const body = fillTemplate(template.body, values);
  const to = resolveRecipients(directory, def, kase, template.to);
  const cc = resolveRecipients(directory, def, kase, template.cc ?? []);

  const people = [...new Set([...to.people, ...cc.people])];
  await notify(
    tx,
    kase.organisation,
    people.map((userId) => ({
      userId,
      kind: options.kind,
      subject: message(subject, subject),
      body: message(body, body),
      caseId: kase.id,
      createdAt: options.now,
    })),
    options.now,
  );
  if (to.addresses.length + cc.addresses.length > 0) {
    await enqueueJob(tx, {
      job: sendExternalEmailJob,
      payload: {
        to: to.addresses.length > 0 ? to.addresses : cc.addresses,
        cc: to.addresses.length > 0 ? cc.addresses : [],
        subject,
        text: body,
        reference: options.key,
      },
      runAt: options.now,
      organisation: kase.organisation,
      key: `external-mail:${options.key}`,
    });
  }
  const name = (id: string) => directory.person(id)?.name ?? id;
  return {
    to: [...to.people.map(name), ...to.addresses],
    cc: [...cc.people.map(name), ...cc.addresses],
    subject,
  };
}

/** People (user ids) and addresses a list of recipients names for this case; empty fields name nobody. */
export function resolveRecipients(
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  kase: Pick<MessageCase, "requesterId" | "state">,
  recipients: Recipient[],
): { people: string[]; addresses: string[] } {
  const people: string[] = [];
  const addresses: string[] = [];
  for (const r of recipients) {
    if ("address" in r) addresses.push(r.address);
    else if ("field" in r) {
      const value = kase.state.data[r.field];
      if (typeof value === "string" && value.includes("@")) addresses.push(value);
    } else if ("relative" in r) {
      if (kase.requesterId) people.push(kase.requesterId);
    } else if ("role" in r) {
      people.push(...directory.activeHolders(r.role, directory.unitByCode(r.unit ?? null)?.id ?? null));
    } else {
      people.push(...actorHolders(directory, def, kase, r.actor));
    }
  }
  return { people: [...new Set(people)], addresses: [...new Set(addresses)] };
}

/** Whoever holds an actor of the definition on this case. */
function actorHolders(
  directory: OrganisationDirectory,
  def: ProcedureDefinition,
  kase: Pick<MessageCase, "requesterId" | "state">,
  code: string,
): string[] {
  const actor = def.actors[code];
  if (!actor) return [];
  if (actor.anyOf) {
    return actor.anyOf.flatMap((a) =>
      directory.activeHolders(a.role, directory.unitByCode(a.unit ?? null)?.id ?? null),
    );
  }
  if (actor.relative === "requester") return kase.requesterId ? [kase.requesterId] : [];
  if (actor.person) {
    const value = kase.state.data[actor.person.field];
    const person = directory.personByMatricule(typeof value === "string" ? value : null);
    return person?.active ? [person.id] : [];
  }
  if (actor.relative === "imputed_unit_head") {
    const unit = directory.unitByCode(kase.state.imputedUnit);
    return unit?.headRole ? directory.activeHolders(unit.headRole, unit.id) : [];
  }
  if (actor.relative) return [];
  return directory.activeHolders(actor.role ?? code, directory.unitByCode(actor.unit ?? null)?.id ?? null);
}
