import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpSmsGateway, smsConfigFromEnv } from "../../server/messages/sms.js";

/** What the receiver got: each request's headers and JSON body. */
interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * The SMS transport's HTTP gateway against a real HTTP receiver on loopback, as an operator's
 * gateway would answer: accepted (2xx), or refused (the job is then retried).
 */
describe("the SMS HTTP gateway", () => {
  let server: Server;
  let url: string;
  const received: Received[] = [];
  const answer = { status: 202 };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify({ accepted: answer.status < 300 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("is off unless SMS_GATEWAY_URL is set", () => {
    expect(smsConfigFromEnv({})).toBeNull();
    expect(smsConfigFromEnv({ SMS_GATEWAY_URL: url, SMS_GATEWAY_TOKEN: "jeton" })).toEqual({
      url,
      token: "jeton",
    });
  });

  it("POSTs each message as JSON with its reference and the bearer token, and resolves when accepted", async () => {
    const gateway = httpSmsGateway(smsConfigFromEnv({ SMS_GATEWAY_URL: url, SMS_GATEWAY_TOKEN: "jeton" })!);
    await gateway.send({ to: "+2250700000000", text: "Nouvelle tâche : Validation", reference: "notif-1" });
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toEqual({
      to: "+2250700000000",
      text: "Nouvelle tâche : Validation",
      reference: "notif-1",
    });
    expect(received[0]!.headers["content-type"]).toBe("application/json");
    expect(received[0]!.headers.authorization).toBe("Bearer jeton");
  });

  it("sends no Authorization header without a token, and throws when the gateway refuses, so the job is retried", async () => {
    const gateway = httpSmsGateway({ url, token: null });
    answer.status = 503;
    await expect(gateway.send({ to: "+212600000000", text: "Rappel", reference: "notif-2" })).rejects.toThrow(
      "SMS gateway answered HTTP 503",
    );
    expect(received.at(-1)!.headers.authorization).toBeUndefined();
    answer.status = 200;
    await gateway.send({ to: "+212600000000", text: "Rappel", reference: "notif-2" });
    expect(received.filter((r) => (r.body as { reference: string }).reference === "notif-2")).toHaveLength(2);
  });
});
