import { describe, expect, it } from "vitest";
import { requireScope, scopeOfRoute, TOKEN_ROUTES } from "./scopes.js";

describe("API token scopes", () => {
  it("names the scope of a route by method and pattern", () => {
    expect(scopeOfRoute("GET", "/api/cases/:caseId")).toBe("cases:read");
    expect(scopeOfRoute("POST", "/api/cases/:caseId/actions")).toBe("cases:write");
    expect(scopeOfRoute("GET", "/api/tasks")).toBe("tasks:read");
  });

  it("closes to tokens a route that declares no scope, HEAD twins and unknown routes included", () => {
    for (const [method, url] of [
      ["GET", "/api/session"],
      ["POST", "/api/tokens"],
      ["HEAD", "/api/tasks"],
      ["GET", undefined],
    ] as const) {
      expect(() => requireScope(["cases:read", "cases:write", "tasks:read"], method, url)).toThrow(
        expect.objectContaining({ status: 403, code: "not_available_to_tokens" }),
      );
    }
  });

  it("refuses a call outside the token's scopes and accepts one inside", () => {
    expect(() => requireScope(["cases:read"], "POST", "/api/cases")).toThrow(
      expect.objectContaining({ status: 403, code: "insufficient_scope" }),
    );
    expect(() => requireScope(["cases:write"], "POST", "/api/cases")).not.toThrow();
  });

  it("never opens a session, second-factor or token route to a token", () => {
    expect(TOKEN_ROUTES.filter((r) => r.includes("/api/session") || r.includes("/api/tokens"))).toEqual([]);
  });
});
