import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { message } from "../../../engine/messages.js";
import { commonProblems, problem } from "../../../shared/api/problem.js";
import {
  recoveryCodesView,
  secondFactorCodeBody,
  secondFactorEnrolment,
  secondFactorProofBody,
} from "../../../shared/api/secondFactor.js";
import { sessionView } from "../../../shared/api/session.js";
import { regenerateRecoveryCodes } from "../../commands/recoveryCodesRegenerator.js";
import { disableSecondFactor } from "../../commands/secondFactorDisabler.js";
import { confirmEnrolment, startEnrolment } from "../../commands/secondFactorEnroller.js";
import { giveSecondFactor } from "../../commands/secondFactorSignIn.js";
import type { Db } from "../../db/database.js";
import { AppError } from "../../errors.js";
import { authenticateSession } from "../../identity.js";
import { presentSession } from "./session.js";

/**
 * The second factor: given at sign-in, enrolled, turned off, recovery codes replaced. Only a
 * signed-in person calls these, never an API token (they are absent from the scope table).
 */
export function secondFactorRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["double authentification"];

  api.post(
    "/api/session/second-factor",
    {
      schema: {
        tags,
        body: secondFactorCodeBody,
        response: { 200: sessionView, ...commonProblems, 409: problem, 423: problem },
      },
    },
    async (request) => {
      const { user, session } = await authenticateSession(db, request, { incomplete: true });
      if (!session.pendingSecondFactor) {
        throw new AppError(
          409,
          "second_factor_not_pending",
          message("aucun code n'est attendu pour cette session", "no code is expected for this session"),
        );
      }
      await giveSecondFactor(
        db,
        user,
        { code: request.body.code, sessionTokenHash: session.tokenHash, ip: request.ip },
        app.clock(),
      );
      return presentSession(
        db,
        user,
        { csrfToken: session.csrfToken, pendingSecondFactor: false },
        app.clock(),
      );
    },
  );

  api.post(
    "/api/session/second-factor/enrolment",
    { schema: { tags, response: { 200: secondFactorEnrolment, ...commonProblems, 409: problem } } },
    async (request) => {
      const { user } = await authenticateSession(db, request, { enrolment: true });
      return startEnrolment(db, user, { ip: request.ip }, app.clock());
    },
  );

  api.post(
    "/api/session/second-factor/enrolment/confirm",
    {
      schema: {
        tags,
        body: secondFactorCodeBody,
        response: { 200: recoveryCodesView, ...commonProblems, 409: problem },
      },
    },
    async (request) => {
      const { user } = await authenticateSession(db, request, { enrolment: true });
      return confirmEnrolment(db, user, { code: request.body.code, ip: request.ip }, app.clock());
    },
  );

  api.post(
    "/api/session/second-factor/disable",
    {
      schema: {
        tags,
        body: secondFactorProofBody,
      },
    },
    async (request, reply) => {
      const { user } = await authenticateSession(db, request);
      await disableSecondFactor(db, user, { proof: request.body, ip: request.ip }, app.clock());
      return reply.code(204).send();
    },
  );

  api.post(
    "/api/session/second-factor/recovery-codes",
    {
      schema: {
        tags,
        body: secondFactorProofBody,
        response: { 200: recoveryCodesView, ...commonProblems, 409: problem, 423: problem },
      },
    },
    async (request) => {
      const { user } = await authenticateSession(db, request);
      return regenerateRecoveryCodes(db, user, { proof: request.body, ip: request.ip }, app.clock());
    },
  );
}
