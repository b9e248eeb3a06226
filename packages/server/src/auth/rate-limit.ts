/**
 * Per-caller rate limits: a token bucket per key (`client:<id>`, `staff:<id>`, or the address
 * of an anonymous caller), in memory, per process. A bucket holds `burst` tokens and refills
 * at `perSecond`; a request takes one, or is refused with 429 and `Retry-After` (RFC 6585 §4)
 * saying when the next token arrives. Why not @fastify/rate-limit: it counts fixed windows,
 * which let twice the limit through across a window edge; a bucket smooths that, and keying
 * by the authenticated client needs to run after authentication anyway.
 */
export interface BucketSettings {
  /** Requests allowed at once. */
  readonly burst: number;
  /** Sustained requests per second. */
  readonly perSecond: number;
}

export interface RateLimitOptions {
  /** Registered API clients (default burst 200, 50/s: a department's batch jobs fit). */
  readonly client?: BucketSettings;
  /** Signed-in staff (default burst 100, 20/s). */
  readonly staff?: BucketSettings;
  /** Everyone else, per address (default burst 60, 10/s). */
  readonly anonymous?: BucketSettings;
  /** Buckets kept at most (default 100 000); the least recently used go first. */
  readonly maxKeys?: number;
}

export const DEFAULT_RATE_LIMITS = {
  client: { burst: 200, perSecond: 50 },
  staff: { burst: 100, perSecond: 20 },
  anonymous: { burst: 60, perSecond: 10 },
} as const satisfies Record<string, BucketSettings>;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(maxKeys = 100_000) {
    this.maxKeys = maxKeys;
  }

  /**
   * Takes one token from `key`'s bucket. Answers 0 when allowed, else the seconds until a token is available.
   *
   * @example const wait = limiter.take('client:42', { burst: 10, perSecond: 1 }, Date.now());
   */
  take(key: string, settings: BucketSettings, nowMs: number): number {
    const existing = this.buckets.get(key);
    const bucket = existing ?? { tokens: settings.burst, at: nowMs };
    bucket.tokens = Math.min(settings.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * settings.perSecond);
    bucket.at = nowMs;
    // Re-insert: Map order is then least-recently-used first, for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / settings.perSecond));
  }
}
