import { message } from "../../engine/messages.js";
import { AppError } from "../errors.js";

/**
 * A fixed-window counter per client address, in this process's memory: enough to keep a public,
 * unauthenticated endpoint (the document verification) from being used to hash files in bulk or
 * to enumerate codes. Several app servers each count their own share, which only loosens the limit.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => Date,
  ) {}

  /** Counts one call from `key`; throws 429 past the limit within the current window. */
  take(key: string): void {
    const now = this.clock().getTime();
    const current = this.windows.get(key);
    if (!current || now - current.start >= this.windowMs) {
      // Forget finished windows now and then, so the map stays the size of the current traffic.
      if (this.windows.size > 10_000) {
        for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
      }
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    current.count += 1;
    if (current.count > this.limit) {
      const seconds = Math.ceil((current.start + this.windowMs - now) / 1000);
      throw new AppError(
        429,
        "too_many_requests",
        message(
          `trop de vérifications depuis cette adresse : réessayez dans ${seconds} s`,
          `too many checks from this address: try again in ${seconds} s`,
        ),
      );
    }
  }
}
