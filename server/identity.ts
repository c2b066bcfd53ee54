import type { FastifyRequest } from "fastify";
import { message } from "../engine/messages.js";
import type { Db } from "./db/database.js";
import { findUserByMatricule, type UserRow } from "./db/queries/orgChart.js";
import { AppError } from "./errors.js";

/**
 * Interim identification until sessions and passwords land (issue 4): the caller names the person
 * by matricule in this header. Every permission decision already goes through the resolved user,
 * so only this function changes when real authentication arrives.
 */
export const USER_HEADER = "x-logigramme-user";

export async function currentUser(db: Db, request: FastifyRequest): Promise<UserRow> {
  const matricule = request.headers[USER_HEADER];
  if (typeof matricule !== "string" || matricule === "") {
    throw new AppError(401, "unauthenticated", message("identification requise", "identification required"));
  }
  const user = await findUserByMatricule(db, matricule);
  if (!user?.active) {
    throw new AppError(
      401,
      "unauthenticated",
      message("utilisateur inconnu ou inactif", "unknown or inactive user"),
    );
  }
  return user;
}
