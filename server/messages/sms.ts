/** A text message to one phone number. */
export interface SmsMessage {
  to: string;
  text: string;
  /** Deterministic (the notification's id): a gateway that deduplicates sends it once. */
  reference: string;
}

/** How text messages leave the building; none is configured by default. */
export interface SmsTransport {
  send(message: SmsMessage): Promise<void>;
}

export interface SmsGatewayConfig {
  /** The operator's HTTP gateway: each message is POSTed there as JSON `{to, text, reference}`. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token: string | null;
}

/** SMS_GATEWAY_URL turns text messages on (and SMS_GATEWAY_TOKEN authenticates them). */
export function smsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmsGatewayConfig | null {
  if (!env.SMS_GATEWAY_URL) return null;
  return { url: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN ?? null };
}

/** An HTTP gateway: a 2xx answer means accepted; anything else throws so that the job is retried. */
export function httpSmsGateway(config: SmsGatewayConfig): SmsTransport {
  return {
    async send(message) {
      const response = await fetch(config.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
        },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(10_000),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`SMS gateway answered HTTP ${response.status}`);
    },
  };
}
