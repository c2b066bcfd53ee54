import { message } from "../messages.js";
import { registryPlaceholders } from "../registry/registryNumber.js";
import { type Graph, successorsOf } from "./graph.js";
import type { DefinitionProblem } from "./problems.js";
import type { Condition, MessageTemplate, ProcedureDefinition } from "./schema.js";

/**
 * Checks what the schema cannot: that the steps form a runnable logigramme.
 * Runs on a definition that already passed the schema.
 */
export function validateDefinition(def: ProcedureDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const stepIndex = new Map<string, number>();

  def.steps.forEach((step, i) => {
    if (stepIndex.has(step.id)) {
      problems.push({
        code: "duplicate_id",
        path: ["steps", i, "id"],
        message: message(
          `l'identifiant d'étape « ${step.id} » est déjà utilisé`,
          `step id "${step.id}" is already used`,
        ),
      });
    } else {
      stepIndex.set(step.id, i);
    }
  });

  const fieldIds = new Set(def.steps.flatMap((s) => (s.form ?? []).map((f) => f.id)));

  const checkTarget = (target: string | undefined, path: Array<string | number>) => {
    if (target !== undefined && !stepIndex.has(target)) {
      problems.push({
        code: "missing_target",
        path,
        message: message(`l'étape « ${target} » n'existe pas`, `step "${target}" does not exist`),
      });
    }
  };

  checkTarget(def.start, ["start"]);

  def.steps.forEach((step, i) => {
    if (!(step.actor in def.actors)) {
      problems.push({
        code: "unknown_actor",
        path: ["steps", i, "actor"],
        message: message(
          `l'acteur « ${step.actor} » n'est pas déclaré dans « actors »`,
          `actor "${step.actor}" is not declared under "actors"`,
        ),
      });
    }
    checkDuplicates(
      (step.documents ?? []).map((d) => d.id),
      ["steps", i, "documents"],
      "document",
      problems,
    );
    checkDuplicates(
      (step.form ?? []).map((f) => f.id),
      ["steps", i, "form"],
      "champ",
      problems,
    );
    checkTarget(step.next, ["steps", i, "next"]);

    if (step.decision) {
      const outcomes = step.decision.outcomes;
      if (outcomes.length < 2) {
        problems.push({
          code: "decision_too_few_outcomes",
          path: ["steps", i, "decision", "outcomes"],
          message: message(
            `la décision « ${step.decision.question} » doit avoir au moins deux issues`,
            `decision "${step.decision.question}" needs at least two outcomes`,
          ),
        });
      }
      checkDuplicates(
        outcomes.map((o) => o.id),
        ["steps", i, "decision", "outcomes"],
        "issue",
        problems,
      );
      outcomes.forEach((o, j) => {
        checkTarget(o.next, ["steps", i, "decision", "outcomes", j, "next"]);
      });
      const rule = step.decision.rule;
      if (rule) {
        for (const key of ["choose", "otherwise"] as const) {
          if (!outcomes.some((o) => o.id === rule[key])) {
            problems.push({
              code: "unknown_outcome",
              path: ["steps", i, "decision", "rule", key],
              message: message(
                `la règle renvoie à l'issue « ${rule[key]} » qui n'existe pas`,
                `the rule refers to outcome "${rule[key]}", which does not exist`,
              ),
            });
          }
        }
        for (const field of conditionFields(rule.when)) {
          if (!fieldIds.has(field)) {
            problems.push({
              code: "unknown_field",
              path: ["steps", i, "decision", "rule", "when"],
              message: message(
                `la règle lit le champ « ${field} » qu'aucun formulaire ne déclare`,
                `the rule reads field "${field}", which no form declares`,
              ),
            });
          }
        }
      }
    }

    for (const outcome of step.imputation?.notOn ?? []) {
      if (!step.decision?.outcomes.some((o) => o.id === outcome)) {
        problems.push({
          code: "unknown_outcome",
          path: ["steps", i, "imputation", "notOn"],
          message: message(
            `l'imputation renvoie à l'issue « ${outcome} » que la décision de l'étape n'a pas`,
            `the imputation refers to outcome "${outcome}", which the step's decision does not have`,
          ),
        });
      }
    }

    if (step.parallel) {
      step.parallel.branches.forEach((b, j) => {
        checkTarget(b, ["steps", i, "parallel", "branches", j]);
      });
      checkTarget(step.parallel.join, ["steps", i, "parallel", "join"]);
    }
  });

  problems.push(...checkTiming(def));

  for (const placeholder of registryPlaceholders(def.registry)) {
    if (!/^(YYYY|YY|MM|seq(:\d+)?)$/.test(placeholder)) {
      problems.push({
        code: "registry_format",
        path: ["registry"],
        message: message(
          `le format du numéro d'enregistrement contient « {${placeholder}} », inconnu (attendus : {YYYY}, {YY}, {MM}, {seq:N})`,
          `the registry format contains unknown "{${placeholder}}" (expected {YYYY}, {YY}, {MM}, {seq:N})`,
        ),
      });
    }
  }

  // The manual's « État des modifications » says what each version changed: a version the
  // history does not describe would reach people unexplained.
  if (def.version > 1 && !(def.history ?? []).some((h) => h.definitionVersion === def.version)) {
    problems.push({
      code: "missing_history",
      path: ["history"],
      message: message(
        `la version ${def.version} n'a pas de ligne d'historique (« history » avec « definitionVersion: ${def.version} ») qui dise ce qui a changé`,
        `version ${def.version} has no history line ("history" with "definitionVersion: ${def.version}") saying what changed`,
      ),
    });
  }

  // Graph checks only make sense once every target exists.
  if (problems.some((p) => p.code === "missing_target" || p.code === "duplicate_id")) {
    return problems;
  }
  problems.push(...checkGraph(def, stepIndex));
  return problems;
}

/** Reminders, escalations, timers, message steps, the recurrence and the revision plan. */
function checkTiming(def: ProcedureDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const fields = new Map(def.steps.flatMap((s) => (s.form ?? []).map((f) => [f.id, f.type] as const)));
  const problem = (path: Array<string | number>, fr: string, en: string) =>
    problems.push({ code: "timing", path, message: message(fr, en) });
  const checkDateField = (field: string, path: Array<string | number>) => {
    const type = fields.get(field);
    if (type !== "date" && type !== "datetime") {
      problem(
        path,
        `le champ « ${field} » doit être un champ date ou date et heure déclaré dans un formulaire`,
        `field "${field}" must be a date or date-and-time field declared in a form`,
      );
    }
  };
  const checkActorCode = (code: string, path: Array<string | number>) => {
    if (!(code in def.actors)) {
      problem(
        path,
        `l'acteur « ${code} » n'est pas déclaré dans « actors »`,
        `actor "${code}" is not declared under "actors"`,
      );
    }
  };
  const checkMessage = (m: MessageTemplate, path: Array<string | number>) => {
    for (const list of ["to", "cc"] as const) {
      (m[list] ?? []).forEach((r, j) => {
        if ("actor" in r) checkActorCode(r.actor, [...path, list, j, "actor"]);
        if ("field" in r && fields.get(r.field) !== "email") {
          problem(
            [...path, list, j, "field"],
            `le destinataire « ${r.field} » doit être un champ de type email déclaré dans un formulaire`,
            `recipient "${r.field}" must be an email field declared in a form`,
          );
        }
      });
    }
  };

  def.steps.forEach((step, i) => {
    const at = (...rest: Array<string | number>) => ["steps", i, ...rest];
    if (step.deadline && "fromField" in step.deadline)
      checkDateField(step.deadline.fromField, at("deadline"));
    if (step.wait && "untilField" in step.wait) checkDateField(step.wait.untilField, at("wait"));
    if (step.notify) checkMessage(step.notify, at("notify"));
    if (step.escalation?.message) checkMessage(step.escalation.message, at("escalation", "message"));
    if ((step.reminders || step.escalation) && (!step.deadline || step.wait || step.notify)) {
      problem(
        at(step.reminders ? "reminders" : "escalation"),
        "rappels et escalades comptent à partir d'un délai : l'étape doit avoir un « deadline »",
        'reminders and escalations count from a délai: the step needs a "deadline"',
      );
    }
    const final = step.escalation?.outcome;
    if (final !== undefined) {
      if (!step.decision?.outcomes.some((o) => o.id === final) || step.decision.rule) {
        problem(
          at("escalation", "outcome"),
          `l'issue « ${final} » n'est pas une issue à choisir de la décision de l'étape`,
          `outcome "${final}" is not an outcome to choose of the step's decision`,
        );
      }
      if ((step.form ?? []).some((f) => f.required)) {
        problem(
          at("escalation", "outcome"),
          "le système ne remplit pas de formulaire : l'étape qu'il termine n'a pas de champ obligatoire",
          "the system fills in no form: a step it completes has no required field",
        );
      }
    }
    if (step.wait && step.notify) {
      problem(
        at("wait"),
        "une étape attend (wait) ou envoie (notify), pas les deux",
        "a step waits or sends, not both",
      );
    }
    if (
      (step.wait || step.notify) &&
      (step.form ||
        step.documents ||
        step.imputation ||
        step.parallel ||
        (step.decision && !step.decision.rule))
    ) {
      problem(
        at(step.wait ? "wait" : "notify"),
        "une étape faite par le système n'a ni formulaire, ni document, ni imputation, ni décision à choisir",
        "a step the system does has no form, document, imputation or decision to choose",
      );
    }
  });

  for (const [code, actor] of Object.entries(def.actors)) {
    if (actor.person && fields.get(actor.person.field) !== "person") {
      problems.push({
        code: "unknown_field",
        path: ["actors", code, "person", "field"],
        message: message(
          `l'acteur « ${code} » est la personne nommée dans « ${actor.person.field} », qui doit être un champ de type person déclaré dans un formulaire`,
          `actor "${code}" is the person named in "${actor.person.field}", which must be a person field declared in a form`,
        ),
      });
    }
  }
  const first = def.steps.find((s) => s.id === def.start);
  if (first && def.actors[first.actor]?.person) {
    problem(
      ["steps", def.steps.indexOf(first), "actor"],
      "la première étape ne peut revenir à une personne qu'aucun formulaire n'a encore nommée",
      "the first step cannot belong to a person no form has named yet",
    );
  }

  def.steps.forEach((step, i) => {
    const call = step.call;
    if (!call) return;
    const at = (...rest: Array<string | number>) => ["steps", i, "call", ...rest];
    if (step.id === def.start) {
      problem(
        at(),
        "la première étape ne peut pas appeler une procédure",
        "the first step cannot call a procedure",
      );
    }
    if (
      step.wait ||
      step.notify ||
      step.form ||
      step.documents ||
      step.imputation ||
      step.parallel ||
      step.handoff
    ) {
      problem(
        at(),
        "une étape qui appelle une procédure n'a ni attente, ni message, ni formulaire, ni document, ni imputation, ni branches, ni relais",
        "a step that calls a procedure has no wait, message, form, document, imputation, branches or hand-off",
      );
    }
    if (!call.wait && !step.next && !step.end) {
      problem(
        at("wait"),
        "une étape qui n'attend pas la procédure appelée continue par « next » ou « end »",
        'a step that does not wait for the called procedure goes on with "next" or "end"',
      );
    }
    if (step.decision?.rule) {
      problem(
        at("outcomes"),
        "l'issue d'une étape qui appelle une procédure vient de la fin du dossier appelé, pas d'une règle",
        "the outcome of a step that calls a procedure comes from the called case's end, not from a rule",
      );
    }
    if (step.decision && call.wait) {
      for (const end of ["completed", "rejected", "cancelled"] as const) {
        const outcome = call.outcomes?.[end] ?? end;
        if (!step.decision.outcomes.some((o) => o.id === outcome)) {
          problem(
            at("outcomes", end),
            `le dossier appelé peut finir « ${end} » : la décision de l'étape n'a pas d'issue « ${outcome} » (call.outcomes.${end})`,
            `the called case may end "${end}": the step's decision has no outcome "${outcome}" (call.outcomes.${end})`,
          );
        }
      }
    }
  });

  if (def.schedule && Object.values(def.actors).some((a) => a.relative === "requester")) {
    problem(
      ["schedule"],
      "une procédure démarrée par le système n'a pas de demandeur : aucun acteur ne peut être « requester »",
      'a procedure the system starts has no requester: no actor may be "requester"',
    );
  }
  if (def.revision) {
    checkActorCode(def.revision.owner, ["revision", "owner"]);
    if (!def.revisionDate) {
      problem(
        ["revision"],
        "le plan de révision compte à partir de « revisionDate », absente",
        'the revision plan counts from "revisionDate", which is missing',
      );
    }
  }
  return problems;
}

function checkDuplicates(
  ids: string[],
  path: Array<string | number>,
  what: string,
  problems: DefinitionProblem[],
): void {
  const seen = new Set<string>();
  ids.forEach((id, j) => {
    if (seen.has(id)) {
      problems.push({
        code: "duplicate_id",
        path: [...path, j, "id"],
        message: message(`identifiant de ${what} « ${id} » en double`, `duplicate ${what} id "${id}"`),
      });
    }
    seen.add(id);
  });
}

function conditionFields(c: Condition): string[] {
  if ("all" in c) return c.all.flatMap(conditionFields);
  if ("any" in c) return c.any.flatMap(conditionFields);
  if ("not" in c) return conditionFields(c.not);
  return [c.field];
}

function checkGraph(def: ProcedureDefinition, stepIndex: Map<string, number>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const graph: Graph = new Map(def.steps.map((s) => [s.id, successorsOf(s)]));

  const reachable = walk(def.start, (id) => graph.get(id)?.next ?? []);
  for (const step of def.steps) {
    if (!reachable.has(step.id)) {
      problems.push({
        code: "unreachable_step",
        path: ["steps", stepIndex.get(step.id)!, "id"],
        message: message(
          `l'étape « ${step.id} » n'est atteignable depuis aucun chemin partant de « ${def.start} »`,
          `step "${step.id}" cannot be reached from "${def.start}"`,
        ),
      });
    }
  }

  // A step can finish if some path from it reaches an end.
  const canFinish = new Set<string>(def.steps.filter((s) => graph.get(s.id)!.ends).map((s) => s.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const [id, node] of graph) {
      if (!canFinish.has(id) && node.next.some((n) => canFinish.has(n))) {
        canFinish.add(id);
        grew = true;
      }
    }
  }

  for (const step of def.steps) {
    if (canFinish.has(step.id) || !reachable.has(step.id)) continue;
    const onCycle = walk(step.id, (id) => graph.get(id)?.next ?? [], false).has(step.id);
    const path = ["steps", stepIndex.get(step.id)!, "id"];
    problems.push(
      onCycle
        ? {
            code: "loop_without_exit",
            path,
            message: message(
              `l'étape « ${step.id} » est dans une boucle sans sortie : aucune issue ne mène à une fin`,
              `step "${step.id}" is in a loop with no way out: no outcome leads to an end`,
            ),
          }
        : {
            code: "path_without_end",
            path,
            message: message(
              `aucun chemin ne mène de l'étape « ${step.id} » à une fin de procédure`,
              `no path leads from step "${step.id}" to an end of the procedure`,
            ),
          },
    );
  }
  return problems;
}

/** Steps reachable from `from`; `includeSelf: false` answers "can I come back to myself?". */
function walk(from: string, next: (id: string) => string[], includeSelf = true): Set<string> {
  const seen = new Set<string>();
  const stack = includeSelf ? [from] : [...next(from)];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...next(id));
  }
  return seen;
}
