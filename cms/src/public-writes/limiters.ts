/**
 * Limiters for public writes, from rate-limiter-flexible. In memory by default; in Redis when
 * REDIS_URL is set, so several CMS instances share the same counters.
 */
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface PublicWriteLimiters {
  /** Requests per IP for every public write route. */
  perIp: RateLimiterAbstract;
  /** Accepted votes per IP per poll over a long window: many readers share one mobile IP. */
  votesPerIpPerPoll: RateLimiterAbstract;
  /** Article views counted per IP (the most-read box): generous, a reader reads many stories. */
  readsPerIp: RateLimiterAbstract;
  /** One counted view per reader per article per hour: the key is the reader and the article. */
  viewOncePerHour: RateLimiterAbstract;
  /** Resolves once the store can take requests (Redis connected), or after a few seconds. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

let limiters: PublicWriteLimiters | undefined;

export function publicWriteLimiters(): PublicWriteLimiters {
  if (limiters) return limiters;
  const prefix = process.env.RATE_LIMIT_PREFIX || 'tintinh';
  const perIpOpts = { keyPrefix: `${prefix}:write`, points: envInt('RATE_LIMIT_POINTS', 30), duration: envInt('RATE_LIMIT_WINDOW_SECONDS', 60) };
  const voteOpts = { keyPrefix: `${prefix}:vote-ip`, points: envInt('VOTES_PER_IP_PER_POLL', 200), duration: envInt('VOTES_PER_IP_WINDOW_SECONDS', 24 * 3600) };
  const readOpts = { keyPrefix: `${prefix}:reads`, points: envInt('READS_PER_IP_PER_MINUTE', 60), duration: 60 };
  const onceOpts = { keyPrefix: `${prefix}:read-once`, points: 1, duration: 3600 };
  const url = process.env.REDIS_URL;
  if (url) {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    const insurance = (o: typeof perIpOpts) => new RateLimiterMemory(o); // if Redis is down, limit locally rather than not at all
    limiters = {
      perIp: new RateLimiterRedis({ storeClient: redis, ...perIpOpts, insuranceLimiter: insurance(perIpOpts) }),
      votesPerIpPerPoll: new RateLimiterRedis({ storeClient: redis, ...voteOpts, insuranceLimiter: insurance(voteOpts) }),
      readsPerIp: new RateLimiterRedis({ storeClient: redis, ...readOpts, insuranceLimiter: insurance(readOpts) }),
      viewOncePerHour: new RateLimiterRedis({ storeClient: redis, ...onceOpts, insuranceLimiter: insurance(onceOpts) }),
      ready: () =>
        redis.status === 'ready'
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, 5000);
              redis.once('ready', () => {
                clearTimeout(timer);
                resolve();
              });
            }),
      close: async () => {
        redis.disconnect();
      },
    };
  } else {
    limiters = {
      perIp: new RateLimiterMemory(perIpOpts),
      votesPerIpPerPoll: new RateLimiterMemory(voteOpts),
      readsPerIp: new RateLimiterMemory(readOpts),
      viewOncePerHour: new RateLimiterMemory(onceOpts),
      ready: async () => undefined,
      close: async () => undefined,
    };
  }
  return limiters;
}

/** Seconds until the limiter lets this key through again, or null when it may pass now. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
