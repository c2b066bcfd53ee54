import helmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";

/**
 * One Content-Security-Policy for every page the server answers (the web app, Swagger UI at
 * /api/docs, the /verifier pages, the SVG drawings opened on their own): scripts only from this
 * server, no plugin, no framing by any site, and nothing fetched from elsewhere — the
 * administration's network may be offline anyway. Styles allow inline values because Mantine and
 * Swagger UI set style attributes and the verification page carries its small stylesheet inline;
 * pdf.js runs its worker from the web app's own files.
 */
export const CONTENT_SECURITY_POLICY = {
  "default-src": ["'self'"],
  "base-uri": ["'self'"],
  "object-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  "worker-src": ["'self'", "blob:"],
  "connect-src": ["'self'"],
} as const;

/** A year, with the subdomains: what the administration's HTTPS front asks of browsers. */
const STRICT_TRANSPORT = "max-age=31536000; includeSubDomains";

/**
 * The security headers of every answer: helmet's defaults (nosniff, Referrer-Policy no-referrer,
 * X-Frame-Options, Cross-Origin-Opener/Resource-Policy) with our CSP; HSTS only when the request
 * came over HTTPS (directly, or as the trusted proxy's X-Forwarded-Proto says), since over plain
 * HTTP it means nothing and on a test machine it would pin the name to HTTPS; and `no-store` on
 * API answers, which carry personal data, unless the route chose its own caching (the drawings'
 * ETags).
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CONTENT_SECURITY_POLICY },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: "no-referrer" },
  });
  app.addHook("onSend", async (request, reply) => {
    if (request.protocol === "https") reply.header("strict-transport-security", STRICT_TRANSPORT);
    const path = request.url.split("?")[0] ?? "";
    if (path.startsWith("/api/") && !path.startsWith("/api/docs") && !reply.hasHeader("cache-control")) {
      reply.header("cache-control", "no-store");
    }
  });
}
