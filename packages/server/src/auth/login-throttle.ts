/**
 * Slows password guessing: after too many failed sign-ins for one user name, or from one
 * address, further attempts are refused for a while without even checking the password.
 * In memory, per process: several processes behind one PostgreSQL each keep their own count
 * (an attacker gets at most N × the limit), which the TOTP second factor still backs up.
 */
export interface LoginThrottleOptions {
  /** Failures per user name within the window before refusing (default 5). */
  readonly maxPerUsername?: number;
  /** Failures per client address within the window before refusing (default 20). */
  readonly maxPerAddress?: number;
  /** The window, in seconds (default 900). */
  readonly windowSeconds?: number;
}

/** Keys kept at most; the oldest are dropped first (bounded memory under a spray of names). */
const MAX_KEYS = 10_000;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly maxPerUsername: number;
  private readonly maxPerAddress: number;
  private readonly windowMs: number;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxPerUsername = options.maxPerUsername ?? 5;
    this.maxPerAddress = options.maxPerAddress ?? 20;
    this.windowMs = (options.windowSeconds ?? 900) * 1000;
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }

  /** Seconds to wait before another attempt, or 0 when one is allowed now. */
  retryAfter(username: string, address: string, now: Date): number {
    const t = now.getTime();
    let until = 0;
    for (const [key, max] of [
      [`u:${username}`, this.maxPerUsername],
      [`a:${address}`, this.maxPerAddress],
    ] as const) {
      const recent = this.recent(key, t);
      if (recent.length >= max) until = Math.max(until, (recent[recent.length - max] ?? t) + this.windowMs);
    }
    return until > t ? Math.ceil((until - t) / 1000) : 0;
  }

  failed(username: string, address: string, now: Date): void {
    for (const key of [`u:${username}`, `a:${address}`]) {
      const list = this.recent(key, now.getTime());
      list.push(now.getTime());
      this.failures.delete(key);
      this.failures.set(key, list);
    }
    while (this.failures.size > MAX_KEYS) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  /** A success clears the user name's count (not the address's: one good account must not launder a spray). */
  succeeded(username: string): void {
    this.failures.delete(`u:${username}`);
  }
}
