import { z } from "zod";

/** Request schemas of the cases API, shared by the server (validation) and clients (types). */

export const caseIdParams = z.object({ caseId: z.uuid() });
export const taskIdParams = z.object({ taskId: z.uuid() });

export const startCaseBody = z.strictObject({
  procedureId: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()).optional(),
});

const formValues = z.record(z.string(), z.unknown());

/** What a person does on one of their tasks. */
export const taskActionBody = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("complete"),
    expectedVersion: z.number().int().positive(),
    form: formValues.optional(),
    outcome: z.string().min(1).optional(),
    documents: z.record(z.string(), z.string()).optional(),
    checklist: z.array(z.string()).optional(),
    imputeTo: z.string().min(1).optional(),
  }),
  z.strictObject({
    type: z.literal("send_back"),
    expectedVersion: z.number().int().positive(),
    toStepId: z.string().min(1),
    reason: z.string().min(1).max(4000),
  }),
  z.strictObject({
    type: z.literal("reassign"),
    expectedVersion: z.number().int().positive(),
    toUserId: z.uuid(),
    reason: z.string().max(4000).optional(),
  }),
  z.strictObject({
    type: z.literal("set_deadline"),
    expectedVersion: z.number().int().positive(),
    dueAt: z.iso.datetime({ offset: true }),
    note: z.string().max(4000).optional(),
  }),
]);

/** What anyone taking part may do on the case as a whole. */
export const caseActionBody = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("comment"),
    expectedVersion: z.number().int().positive(),
    text: z.string().min(1).max(10000),
  }),
  z.strictObject({
    type: z.literal("cancel"),
    expectedVersion: z.number().int().positive(),
    reason: z.string().min(1).max(4000),
  }),
]);

export type StartCaseBody = z.infer<typeof startCaseBody>;
export type TaskActionBody = z.infer<typeof taskActionBody>;
export type CaseActionBody = z.infer<typeof caseActionBody>;
