import { expect } from "vitest";
import type { ProcedureDefinition } from "../../engine/definition/schema.js";
import { takerOf } from "./people.js";
import type { TestApp } from "./testApp.js";
import type { CaseView } from "./walker.js";

/**
 * Completes the open task of one step of a case through the HTTP API, as someone who may take
 * it, with the given form values and outcome, uploading the step's required documents.
 */
export async function completeStep(
  t: TestApp,
  def: ProcedureDefinition,
  view: CaseView,
  stepId: string,
  options: { form?: Record<string, unknown>; outcome?: string; checklist?: string[] } = {},
): Promise<{ status: number; body: CaseView }> {
  const step = def.steps.find((s) => s.id === stepId)!;
  const task = view.tasks.find((x) => x.stepId === stepId && x.status === "open");
  expect(task, `${def.id}: no open task on ${stepId}`).toBeDefined();
  const taker = await takerOf(t.database, def.organisation, task!);
  const documents: Record<string, string> = {};
  for (const doc of (step.documents ?? []).filter((d) => d.required)) {
    const uploaded = await t
      .as(taker)
      .upload<{ id: string }>(
        `/api/cases/${view.id}/attachments?fileName=${doc.id}.pdf&documentId=${doc.id}`,
        Buffer.from(`%PDF-1.4 ${doc.title}`),
        "application/pdf",
      );
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    documents[doc.id] = uploaded.body.id;
  }
  return t.as(taker).post<CaseView>(`/api/tasks/${task!.id}/actions`, {
    type: "complete",
    expectedVersion: view.version,
    form: options.form ?? {},
    ...(Object.keys(documents).length > 0 ? { documents } : {}),
    ...(options.outcome ? { outcome: options.outcome } : {}),
    ...(options.checklist ? { checklist: options.checklist } : {}),
  });
}
