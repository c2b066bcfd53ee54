import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";

/**
 * The header of the OpenAPI document: what the API is, in both languages, its tags and how callers
 * prove who they are. The paths come from the routes' own zod schemas (@fastify/swagger).
 */

/** Tag names are the French words the routes use; each is described in both languages. */
export const API_TAGS = [
  {
    name: "procédures",
    description:
      "Catalogue des procédures : définitions en vigueur, versions, logigrammes. / The procedure catalog: definitions in force, versions, diagrams.",
  },
  {
    name: "dossiers",
    description:
      "Dossiers (demandes) : ouverture, consultation, actions, logigramme du chemin suivi. / Cases: starting, reading, acting, diagram of the path taken.",
  },
  {
    name: "portail",
    description:
      "Portail public : démarches ouvertes sans compte, dépôt, suivi par code, échanges avec le service. / The public portal: procedures open without an account, submission, tracking by code, messages with the office.",
  },
  {
    name: "corbeille",
    description: "Tâches à traiter et actions sur une tâche. / Inbox tasks and actions on a task.",
  },
  {
    name: "session",
    description:
      "Connexion, session, déconnexion, changement de mot de passe. / Signing in and out, the session, changing one's password.",
  },
  {
    name: "double authentification",
    description:
      "Second facteur : application d'authentification (TOTP) et codes de secours, à la connexion et dans son compte. / Second factor: authenticator app (TOTP) and recovery codes, at sign-in and in one's account.",
  },
  {
    name: "notifications",
    description: "Mes notifications et leur lecture. / My notifications and marking them read.",
  },
  {
    name: "webhooks",
    description:
      "Abonnements de l'organisation aux événements (signés selon Standard Webhooks) et journal des envois (administrateurs). / The organisation's event subscriptions (signed per Standard Webhooks) and their delivery log (administrators).",
  },
  {
    name: "jetons d'API",
    description:
      "Jetons des autres systèmes : émission, liste, révocation (administrateurs). / Tokens for other systems: issuing, listing, revoking (administrators).",
  },
  {
    name: "organigramme",
    description:
      "Unités et rôles de l'organisation, import et export CSV (écriture : administrateurs). / The organisation's units and roles, CSV import and export (changes: administrators).",
  },
  {
    name: "utilisateurs",
    description:
      "Comptes, rôles tenus dans les unités, mots de passe par défaut (administrateurs). / Accounts, roles held in units, default passwords (administrators).",
  },
  {
    name: "tâches système",
    description:
      "Tâches de fond de l'organisation et du système : état, dernière erreur, relance d'une tâche en échec (administrateurs). / Background jobs of the organisation and the system: status, last error, re-running a dead job (administrators).",
  },
  {
    name: "intérim",
    description:
      "Délégations : l'intérimaire agit pour la personne absente entre deux dates. / Delegations: the deputy acts for the absent person between two dates.",
  },
  {
    name: "habilitations",
    description:
      "Matrice des habilitations : rôles × procédures × étapes, rôles × personnes. / Role matrix: roles × procedures × steps, roles × people.",
  },
  {
    name: "pilotage",
    description:
      "Tableaux de bord et durées réelles face au manuel, selon l'organigramme. / Dashboards and real durations against the manual, following the org chart.",
  },
  {
    name: "documents",
    description:
      "Pièces jointes des dossiers (stockées par SHA-256). / Case attachments (stored by SHA-256).",
  },
  {
    name: "registres",
    description:
      "Registres de l'organisation (courrier, matériel, stock, comptes, accès, sauvegardes…) déclarés en YAML : entrées, historique, mouvements de stock, export et import, conservation. / The organisation's registers declared in YAML: entries, history, stock movements, export and import, retention.",
  },
];

export function openApiDocument(version: string): NonNullable<FastifyDynamicSwaggerOptions["openapi"]> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Logigramme API",
      version,
      description: [
        "**Français.** API de Logigramme : le manuel de procédures d'une administration rendu exécutable.",
        "Chaque réponse d'erreur a la même forme : `{ error: { code, message: { fr, en }, target?, fields? } }`.",
        "Les listes sont paginées par curseur (`cursor`, `limit` → `items`, `nextCursor`).",
        "",
        "**English.** The Logigramme API: an administration's procedures manual made executable.",
        "Every error response has the same shape: `{ error: { code, message: { fr, en }, target?, fields? } }`.",
        "Lists are paged by cursor (`cursor`, `limit` → `items`, `nextCursor`).",
      ].join("\n"),
      license: { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" },
    },
    servers: [{ url: "/", description: "Ce serveur / this server" }],
    tags: API_TAGS,
    components: {
      securitySchemes: {
        session: {
          type: "apiKey",
          in: "cookie",
          name: "lg_session",
          description:
            "Session ouverte par POST /api/session. Tout appel qui modifie (POST, PUT, PATCH, DELETE) envoie aussi l'en-tête X-CSRF-Token reçu à la connexion. / Session opened by POST /api/session. Every state-changing call (POST, PUT, PATCH, DELETE) also sends the X-CSRF-Token header received at login.",
        },
        csrf: {
          type: "apiKey",
          in: "header",
          name: "X-CSRF-Token",
          description:
            "Jeton anti-CSRF de la session, exigé avec le cookie sur les appels qui modifient. / The session's anti-CSRF token, required with the cookie on state-changing calls.",
        },
        apiToken: {
          type: "http",
          scheme: "bearer",
          description:
            "Jeton d'API créé par un administrateur, pour les autres systèmes : `Authorization: Bearer lgt_…`, dans les limites de ses portées (cases:read, cases:write, tasks:read, catalog:read, org:read, registers:read, registers:write). / API token created by an administrator, for other systems, within its scopes.",
        },
      },
    },
    // Either a session (with its CSRF token on state-changing calls) or an API token.
    security: [{ session: [], csrf: [] }, { apiToken: [] }] as Array<Record<string, string[]>>,
  };
}
