/**
 * The shared caches in front of the edges, purged by the publisher so pages may be cached long
 * (s-maxage, site-policy.ts) and still change within the publish: exactly the URLs a publish
 * changed, on every cache, before it is reported live (a takedown included).
 * - Varnish (deploy/varnish/tintinh.vcl): `PURGE <path>` for each URL; `BAN` of everything after a
 *   change too wide to list. The VCL takes them from the publisher's address only, and caches only
 *   the normal spelling of each URL, so purging that one spelling is enough.
 * - A generic HTTP hook for a commercial CDN: `POST` of `{"urls": [absolute URLs]}` or
 *   `{"all": true}` with a bearer secret, for a small adapter to the CDN's own purge API
 *   (docs/production.md shows one).
 */
import { eachLimited } from './each-limited.ts';

export interface SharedCache {
  readonly name: string;
  /** Removes these paths (`/a/b/`, `/rss.xml`) from the cache. */
  purge(paths: readonly string[]): Promise<void>;
  /** Removes everything (a change too wide to list: a full build whose differences were not worked out). */
  purgeAll(): Promise<void>;
}

/** Above this many paths a purge is a ban of everything: one request, not thousands. */
export const PURGE_ALL_ABOVE = 2000;

async function expectOk(res: Response, what: string): Promise<void> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
}

export class VarnishCache implements SharedCache {
  readonly name: string;
  private readonly origin: string;
  constructor(origin: string) {
    this.origin = origin;
    this.name = `varnish ${new URL(origin).host}`;
  }

  async purge(paths: readonly string[]): Promise<void> {
    if (paths.length > PURGE_ALL_ABOVE) return this.purgeAll();
    await eachLimited(paths, 8, async (p) =>
      expectOk(await fetch(new URL(p, this.origin), { method: 'PURGE', signal: AbortSignal.timeout(10_000) }), `${this.name} PURGE ${p}`),
    );
  }

  async purgeAll(): Promise<void> {
    await expectOk(
      await fetch(new URL('/', this.origin), { method: 'BAN', headers: { 'x-ban-url': '.' }, signal: AbortSignal.timeout(10_000) }),
      `${this.name} BAN`,
    );
  }
}

export class PurgeHook implements SharedCache {
  readonly name: string;
  private readonly url: string;
  private readonly secret: string;
  /** The site's public origin: the hook gets absolute URLs, as CDNs purge them. */
  private readonly siteUrl: string;
  constructor(url: string, secret: string, siteUrl: string) {
    this.url = url;
    this.secret = secret;
    this.siteUrl = siteUrl;
    this.name = `purge hook ${new URL(url).host}`;
  }

  private async post(body: unknown): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.secret}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    await expectOk(res, this.name);
  }

  async purge(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    if (paths.length > PURGE_ALL_ABOVE) return this.purgeAll();
    await this.post({ urls: paths.map((p) => new URL(p, this.siteUrl).href) });
  }

  purgeAll(): Promise<void> {
    return this.post({ all: true });
  }
}

/** The URL each file of the tree answers at (a folder's page at the folder). */
export function urlOf(rel: string): string {
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

/** The URLs a change's files answer at: dot-named bookkeeping and compressed twins are not URLs. */
export function urlsOf(files: Iterable<string>): string[] {
  const urls = new Set<string>();
  for (const rel of files) if (!/(^|\/)\./.test(rel) && !/\.(br|gz)$/.test(rel)) urls.add(urlOf(rel));
  return [...urls].sort();
}
