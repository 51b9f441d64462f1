import { clientIp, trustedProxiesFromEnv } from './client-ip';

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

export function readerIp(ctx: WriteContext): string {
  return clientIp(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for') || undefined, trusted);
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

/**
 * Where to send a no-JS form post back to: the page it came from when that page is on an allowed
 * site origin, else the site's home. Never an arbitrary Referer (no open redirect).
 */
export function returnUrl(ctx: WriteContext, fragment: string): string {
  const origins = (process.env.CORS_ORIGINS ?? 'http://localhost:4321,http://127.0.0.1:4321').split(',').map((o) => o.trim());
  const fallback = process.env.SITE_URL || origins[0] || '/';
  try {
    const referer = new URL(ctx.get('referer'));
    if (origins.includes(referer.origin)) return `${referer.origin}${referer.pathname}${fragment}`;
  } catch {
    // no or bad Referer
  }
  return `${fallback.replace(/\/$/, '')}/${fragment}`;
}
