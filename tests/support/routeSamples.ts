/**
 * Valid requests for every route that needs one, aimed at real objects: shared by the
 * permissions matrix and the two-organisation isolation test, so that a new route gets its
 * sample once. A route missing here fails both tests, telling the developer to add it.
 */

/** Real objects the sample requests aim at. */
export interface RouteObjects {
  caseId: string;
  caseVersion: number;
  taskId: string;
  attachmentId: string;
  notificationId: string;
  requesterId: string;
  unitId: string;
  tokenId: string;
  webhookId: string;
  entryId: string;
  /** The procedure a sample case is opened on (default: the customs mail account). */
  procedureId?: string;
}

/** A request that passes each route's schema, so that the call reaches the permission check. */
export interface Sample {
  query?: string;
  body?: unknown;
  /** Sent as raw bytes with this media type instead of JSON (uploads). */
  mediaType?: string;
}

/**
 * Valid requests for the routes that need one (every POST, PUT and PATCH does). A route missing
 * here fails the test: add a request that its schema accepts, aimed at the real objects.
 */
export function samples(o: RouteObjects): Record<string, Sample> {
  return {
    "POST /api/cases": { body: { procedureId: o.procedureId ?? "douanes-e-compte-mail" } },
    "POST /api/cases/:caseId/actions": {
      body: {
        type: "comment",
        expectedVersion: o.caseVersion,
        text: "Je ne devrais pas pouvoir écrire ici.",
      },
    },
    "POST /api/cases/:caseId/portal-messages": {
      body: { text: "Merci de joindre la pièce manquante.", asksFor: "Pièce manquante" },
    },
    "POST /api/cases/:caseId/comments": {
      body: { expectedVersion: o.caseVersion, text: "Je ne devrais pas pouvoir écrire ici." },
    },
    "POST /api/cases/:caseId/attachments": {
      query: "fileName=intrus.pdf",
      body: Buffer.from("%PDF-1.4 intrus"),
      mediaType: "application/pdf",
    },
    // A wrong current password: the change is refused whoever asks.
    "POST /api/session/password": {
      body: { currentPassword: "pas-le-bon", newPassword: "Nouveau-Mot-2026!" },
    },
    "POST /api/notifications/:notificationId/read": { body: {} },
    "POST /api/session/second-factor": { body: { code: "123456" } },
    "POST /api/session/second-factor/enrolment": { body: {} },
    "POST /api/session/second-factor/enrolment/confirm": { body: { code: "123456" } },
    "POST /api/session/second-factor/disable": { body: { password: "pas-le-bon" } },
    "POST /api/session/second-factor/recovery-codes": { body: { password: "pas-le-bon" } },
    "POST /api/tokens": { body: { name: "Jeton intrus", userId: o.requesterId, scopes: ["cases:read"] } },
    "POST /api/session/logout-everywhere": { body: {} },
    "GET /api/org-chart/export": { query: "kind=units" },
    "GET /api/oversight/durations": { query: "procedureId=douanes-e-compte-mail" },
    "POST /api/units": { body: { code: "INTRUS", name: "Unité intruse", kind: "bureau" } },
    "PATCH /api/units/:unitId": { body: { name: "Renommée par un intrus" } },
    "POST /api/roles": { body: { code: "INTRUS", title: "Rôle intrus" } },
    "PATCH /api/roles/:roleCode": { body: { privileged: false } },
    "POST /api/users": { body: { matricule: "INTRUS01", name: "Intrus", unitId: o.unitId } },
    "PATCH /api/users/:userId": { body: { name: "Renommé par un intrus" } },
    "POST /api/users/:userId/password-reset": { body: {} },
    "POST /api/users/:userId/memberships": { body: { roleCode: "RSSI", unitId: o.unitId } },
    // For someone else: only they, their head or an administrator may arrange their deputy.
    "POST /api/delegations": {
      body: {
        userId: o.requesterId,
        deputyId: o.requesterId,
        fromDate: "2026-03-02",
        toDate: "2026-03-06",
        reason: "Intérim usurpé",
      },
    },
    "POST /api/delegations/:delegationId/revoke": { body: {} },
    "POST /api/org-chart/import": {
      query: "kind=units",
      body: Buffer.from("code,name,kind,parent_code,head_role\nINTRUS,Intrus,bureau,,\n"),
      mediaType: "text/csv",
    },
    "POST /api/procedures/import": { body: { format: "yaml", content: "id: intrus" } },
    "POST /api/procedures/:procedureId/versions/:version/activate": { body: {} },
    "POST /api/procedures/:procedureId/overseers": { body: { roleCode: "RSSI" } },
    "POST /api/jobs/:jobId/retry": { body: {} },
    "POST /api/registers/:registerId/entries": {
      body: { values: { numero_serie: "INTRUS-1", categorie: "autre" } },
    },
    "PATCH /api/registers/:registerId/entries/:entryId": {
      body: { values: { localisation: "Chez l'intrus" }, expectedEventCount: 1 },
    },
    "POST /api/registers/:registerId/entries/:entryId/movements": {
      body: { field: "quantite", kind: "in", quantity: 1 },
    },
    "POST /api/registers/:registerId/import": {
      body: Buffer.from("number,numero_serie\n,INTRUS-2\n"),
      mediaType: "text/csv",
    },
    "POST /api/registers/:registerId/import/glpi": {
      body: Buffer.from('"Nom";"Numéro de série";"Type";\n"PC-INTRUS";"INTRUS-3";"Laptop";\n'),
      mediaType: "text/csv",
    },
    "POST /api/registers/:registerId/import/glpi-inventory": {
      body: {
        deviceid: "pc-intrus-2026-03-02-09-00-00",
        content: {
          versionclient: "GLPI-Agent_v1.7",
          bios: { ssn: "INTRUS-4" },
          hardware: { chassis_type: "Laptop" },
        },
      },
    },
    "POST /api/registers/:registerId/retention/approvals": { body: { entryIds: [o.entryId] } },
    "POST /api/cases/:caseId/documents/:documentId/issue": { body: {} },
    "POST /api/notifications/read-all": { body: {} },
    "PUT /api/notifications/preferences": { body: { email: "digest", language: "fr" } },
    "POST /api/webhooks": { body: { url: "https://intrus.example/hook", eventTypes: ["case.created"] } },
    "PATCH /api/webhooks/:webhookId": { body: { url: "https://intrus.example/hook" } },
    "POST /api/tasks/:taskId/actions": {
      body: { type: "complete", expectedVersion: o.caseVersion, form: { perimetre: "Tous les serveurs" } },
    },
  };
}
