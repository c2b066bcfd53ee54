import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { pageQuery } from "../../../shared/api/pagination.js";
import {
  createUserBody,
  membershipBody,
  membershipList,
  membershipParams,
  passwordReset,
  privilegedList,
  updateUserBody,
  userIdParams,
  userList,
  usersQuery,
  userView,
  userWithPassword,
} from "../../../shared/api/users.js";
import { grantRole, revokeRole } from "../../commands/membershipEditor.js";
import { changeUser, createUser, resetUserPassword } from "../../commands/userEditor.js";
import type { Db } from "../../db/database.js";
import { findUserById, type UserRow } from "../../db/queries/orgChart.js";
import { pagePrivilegedAccounts } from "../../db/queries/overseers.js";
import { membershipsOfUsers, pageUsers } from "../../db/queries/people.js";
import { listRoles } from "../../db/queries/roles.js";
import { cutPage, decodeCursor } from "../../http/pagination.js";
import { currentUser } from "../../identity.js";
import { forbidden, requireAdmin, sameOrganisation } from "../../policies/admin.js";
import { requireOversight } from "../../policies/oversight.js";

const userWord = { fr: "utilisateur", en: "user" };

/**
 * Accounts of the caller's organisation. Everyone reads the directory of names (to name a deputy,
 * to reassign); contact details and one account's details are for administrators and the person.
 */
export function userRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["utilisateurs"];
  const adminContext = async (request: { ip: string }, admin: UserRow) => ({
    admin,
    ip: request.ip,
    now: app.clock(),
  });

  api.get(
    "/api/users",
    { schema: { tags, querystring: usersQuery, response: { 200: userList } } },
    async (request) => {
      const user = await currentUser(db, request);
      const { cursor, limit, unitId, role, active, q } = request.query;
      const key = cursor ? decodeCursor(cursor, ["string"]) : null;
      const rows = await pageUsers(
        db,
        user.organisation,
        { unitId, roleCode: role, active: active === undefined ? undefined : active === "true", q },
        { after: key ? String(key[0]) : null, limit },
      );
      const page = cutPage(rows, limit, (u) => [u.matricule]);
      // Colleagues find each other by name (to name a deputy); contact details and who administers
      // are for administrators.
      const shown = page.items.map(presentSummary);
      return {
        items: user.isAdmin ? shown : shown.map((u) => ({ ...u, email: null, phone: null, isAdmin: null })),
        nextCursor: page.nextCursor,
      };
    },
  );

  api.get(
    "/api/users/privileged",
    { schema: { tags, querystring: pageQuery, response: { 200: privilegedList } } },
    async (request) => {
      const user = await currentUser(db, request);
      await requireOversight(db, user);
      const { cursor, limit } = request.query;
      const key = cursor ? decodeCursor(cursor, ["string"]) : null;
      const rows = await pagePrivilegedAccounts(db, user.organisation, {
        after: key ? String(key[0]) : null,
        limit,
      });
      const page = cutPage(rows, limit, (u) => [u.matricule]);
      const held = await membershipsOfUsers(
        db,
        page.items.map((u) => u.id),
      );
      const privileged = new Set(
        (await listRoles(db, user.organisation)).filter((r) => r.privileged).map((r) => r.code),
      );
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((u) => ({
          id: u.id,
          matricule: u.matricule,
          name: u.name,
          active: u.active,
          isAdmin: u.isAdmin,
          privilegedRoles: [
            ...new Set(
              held.filter((m) => m.userId === u.id && privileged.has(m.roleCode)).map((m) => m.roleCode),
            ),
          ],
          secondFactorEnabled: u.totpEnabled,
        })),
      };
    },
  );

  api.get(
    "/api/users/:userId",
    { schema: { tags, params: userIdParams, response: { 200: userView } } },
    async (request) => {
      const caller = await currentUser(db, request);
      const user = await ownOrAdministeredAccount(db, caller, request.params.userId);
      return presentUser(db, user);
    },
  );

  api.post(
    "/api/users",
    { schema: { tags, body: createUserBody, response: { 201: userWithPassword } } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const { user, defaultPassword } = await createUser(
        db,
        await adminContext(request, admin),
        request.body,
      );
      return reply.code(201).send({ user: await presentUser(db, user), defaultPassword });
    },
  );

  api.patch(
    "/api/users/:userId",
    { schema: { tags, params: userIdParams, body: updateUserBody, response: { 200: userView } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      const user = await changeUser(
        db,
        await adminContext(request, admin),
        request.params.userId,
        request.body,
      );
      return presentUser(db, user);
    },
  );

  api.post(
    "/api/users/:userId/password-reset",
    { schema: { tags, params: userIdParams, response: { 200: passwordReset } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      return {
        defaultPassword: await resetUserPassword(
          db,
          await adminContext(request, admin),
          request.params.userId,
        ),
      };
    },
  );

  api.get(
    "/api/users/:userId/memberships",
    { schema: { tags, params: userIdParams, response: { 200: membershipList } } },
    async (request) => {
      const caller = await currentUser(db, request);
      const user = await ownOrAdministeredAccount(db, caller, request.params.userId);
      return { memberships: await membershipsOfUsers(db, [user.id]) };
    },
  );

  api.post(
    "/api/users/:userId/memberships",
    { schema: { tags, params: userIdParams, body: membershipBody, response: { 201: membershipList } } },
    async (request, reply) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      await grantRole(db, await adminContext(request, admin), {
        userId: request.params.userId,
        ...request.body,
      });
      return reply.code(201).send({ memberships: await membershipsOfUsers(db, [request.params.userId]) });
    },
  );

  api.delete(
    "/api/users/:userId/memberships/:roleCode/:unitId",
    { schema: { tags, params: membershipParams, response: { 200: membershipList } } },
    async (request) => {
      const admin = await currentUser(db, request);
      requireAdmin(admin);
      await revokeRole(db, await adminContext(request, admin), request.params);
      return { memberships: await membershipsOfUsers(db, [request.params.userId]) };
    },
  );
}

function presentSummary(u: UserRow) {
  return {
    id: u.id,
    matricule: u.matricule,
    name: u.name,
    email: u.email,
    phone: u.phone,
    unitId: u.unitId,
    active: u.active,
    isAdmin: u.isAdmin,
  };
}

async function presentUser(db: Db, u: UserRow) {
  const held = await membershipsOfUsers(db, [u.id]);
  return {
    ...presentSummary(u),
    memberships: held.map(({ userId: _, ...m }) => m),
    authSource: u.authSource,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    secondFactorEnabled: u.totpEnabled,
    createdAt: u.createdAt.toISOString(),
  };
}

/** One person's account, for themselves or an administrator of their organisation. */
async function ownOrAdministeredAccount(db: Db, caller: UserRow, userId: string): Promise<UserRow> {
  if (!caller.isAdmin && caller.id !== userId) {
    throw forbidden({
      fr: "fiche réservée aux administrateurs",
      en: "account reserved to administrators",
    });
  }
  return sameOrganisation(caller, await findUserById(db, userId), userWord);
}
