import { documentIdSchema } from '@tintinh/content-types';
import { clientIp, trustedProxiesFromEnv } from './client-ip';
import { readerNetwork } from './reader-network';

/** A Strapi documentId in a public write's path; anything else is answered 404 unread. */
export const documentIdParam = documentIdSchema;

/** What public write handlers read from Koa's context. */
export interface WriteContext {
  req: { socket: { remoteAddress?: string } };
  get(header: string): string;
  is(...types: string[]): string | false | null;
  request: { body?: unknown };
  params: Record<string, string>;
  status: number;
  body: unknown;
  set(header: string, value: string): void;
  redirect(url: string): void;
  cookies: {
    get(name: string, opts?: { signed?: boolean }): string | undefined;
    set(name: string, value: string, opts: Record<string, unknown>): void;
  };
  secure: boolean;
  state: Record<string, unknown>;
}

const trusted = trustedProxiesFromEnv(process.env.TRUSTED_PROXIES);

/** The reader's network (reader-network.ts): what limits, caps and hashes key on. */
export function readerIp(ctx: WriteContext): string {
  return readerNetwork(clientIp(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for') || undefined, trusted));
}

/** A plain HTML form post (no JavaScript): answered with a redirect instead of JSON. */
export function isFormPost(ctx: WriteContext): boolean {
  return ctx.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
}

/** Vietnamese JSON error in Strapi's error shape. */
export function fail(ctx: WriteContext, status: number, message: string, extra: Record<string, unknown> = {}) {
  ctx.status = status;
  ctx.body = { data: null, error: { status, message, ...extra } };
}

const allowedOrigins = () => (process.env.CORS_ORIGINS ?? 'http://localhost:4321,http://127.0.0.1:4321').split(',').map((o) => o.trim());

/** True when `origin` (an Origin header) is exactly one of the site's origins. */
export function isSiteOrigin(origin: string): boolean {
  return allowedOrigins().includes(origin);
}

/** True for an absolute URL on one of the site's origins. */
export function isSiteUrl(url: string): boolean {
  try {
    return allowedOrigins().includes(new URL(url).origin);
  } catch {
    return false;
  }
}

const SAFE_PATH = /^\/(?!\/)[a-z0-9\-/]*$/;

/**
 * Where to send a no-JS form post back to: the site origin the form came from (Origin or Referer
 * header, only when it is an allowed origin) plus the page path the form carries in its action's
 * `back` query parameter (a plain path only). Never an arbitrary URL: no open redirect.
 */
export function returnUrl(ctx: WriteContext & { query?: Record<string, unknown> }, fragment: string): string {
  const origins = allowedOrigins();
  let origin = (process.env.SITE_URL || origins[0] || '').replace(/\/$/, '');
  for (const header of [ctx.get('origin'), ctx.get('referer')]) {
    try {
      const candidate = new URL(header).origin;
      if (origins.includes(candidate)) {
        origin = candidate;
        break;
      }
    } catch {
      // absent or malformed
    }
  }
  const back = typeof ctx.query?.back === 'string' && SAFE_PATH.test(ctx.query.back) ? ctx.query.back : '/';
  return `${origin}${back}${fragment}`;
}
