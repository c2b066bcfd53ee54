import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from "@tanstack/react-router";
import { ScreenError } from "./components/ScreenError.js";
import { Shell } from "./components/Shell.js";
import { CasePage } from "./screens/case/CasePage.js";
import { Inbox } from "./screens/inbox/Inbox.js";
import { NewRequest } from "./screens/newRequest/NewRequest.js";
import { StartCase } from "./screens/newRequest/StartCase.js";

/** Every screen of the app; the heavy, less daily ones load on demand. */
const rootRoute = createRootRoute({ component: Shell, errorComponent: ScreenError });

const routes = [
  createRoute({ getParentRoute: () => rootRoute, path: "/", component: Inbox }),
  createRoute({ getParentRoute: () => rootRoute, path: "/nouvelle-demande", component: NewRequest }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/nouvelle-demande/$procedureId",
    component: StartCase,
  }),
  createRoute({ getParentRoute: () => rootRoute, path: "/dossiers/$caseId", component: CasePage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/dossiers",
    component: lazyRouteComponent(() => import("./screens/cases/CaseList.js"), "CaseList"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/tableau-de-bord",
    component: lazyRouteComponent(() => import("./screens/dashboard/Dashboard.js"), "Dashboard"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/registres",
    component: lazyRouteComponent(() => import("./screens/registers/RegisterList.js"), "RegisterList"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/registres/$registerId",
    component: lazyRouteComponent(() => import("./screens/registers/RegisterEntries.js"), "RegisterEntries"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/registres/$registerId/nouvelle-entree",
    component: lazyRouteComponent(() => import("./screens/registers/NewEntry.js"), "NewEntry"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/registres/$registerId/conservation",
    component: lazyRouteComponent(() => import("./screens/registers/Retention.js"), "Retention"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/registres/$registerId/$entryId",
    component: lazyRouteComponent(() => import("./screens/registers/EntryPage.js"), "EntryPage"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/catalogue",
    component: lazyRouteComponent(() => import("./screens/catalog/Catalog.js"), "Catalog"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/catalogue/$procedureId",
    component: lazyRouteComponent(() => import("./screens/catalog/ProcedurePage.js"), "ProcedurePage"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/administration",
    component: lazyRouteComponent(() => import("./screens/admin/Admin.js"), "Admin"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/notifications",
    component: lazyRouteComponent(() => import("./screens/notifications/Notifications.js"), "Notifications"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/interims",
    component: lazyRouteComponent(() => import("./screens/admin/MyDelegations.js"), "MyDelegations"),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: "/mes-demandes",
    component: lazyRouteComponent(() => import("./screens/myRequests/MyRequests.js"), "MyRequests"),
  }),
];

export const router = createRouter({ routeTree: rootRoute.addChildren(routes), defaultPreload: "intent" });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
