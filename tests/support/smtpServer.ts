import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on loopback that keeps what it accepted, parsed by mailparser. */
export interface TestSmtpServer {
  url: string;
  received: ParsedMail[];
  /** While true, every message is refused at the end of DATA (552), as a full mailbox would be. */
  refuse: { on: boolean };
  /** Called when a message's DATA begins (the client is mid-send). */
  onDataStart: (() => void) | null;
  close: () => Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: "",
    received: [],
    refuse: { on: false },
    onDataStart: null,
    close: async () => undefined,
  };
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      state.onDataStart?.();
      const chunks: Buffer[] = [];
      // The client went away mid-message: the server drops what it had (nothing was accepted).
      stream.on("error", () => undefined);
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (state.refuse.on) {
          callback(Object.assign(new Error("Boîte pleine / mailbox full"), { responseCode: 552 }));
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            state.received.push(parsed);
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A client killed mid-message resets its connection: expected here, not a failure of the server.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
