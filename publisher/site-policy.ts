/**
 * How the site is served, defined once for every server that serves it: the security headers
 * every answer carries, the cache policy of each kind of answer, the content type of each kind of
 * file, and the one normal form of a request path that every decision is made on. The embedded
 * server (static-server.ts) applies it directly; the nginx configuration is generated from it
 * (nginx-site.ts), so the two cannot drift apart (tests/site/serving-equality.test.ts compares
 * them answer by answer).
 */

/**
 * The security headers of every answer. The pages keep no inline script or style (astro.config.ts
 * inlines nothing), so the policy allows code from the site only; the CMS origin is where images
 * live and where votes and comments are posted.
 */
export function siteSecurityHeaders(cmsOrigin: string): Record<string, string> {
  const cms = ` ${new URL(cmsOrigin).origin}`;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data:${cms}`,
    `connect-src 'self'${cms}`,
    `form-action 'self'${cms}`,
    // The sidebar frames the site's own most-read page; nobody else may frame the site.
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'SAMEORIGIN',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
}

/**
 * Cache lifetimes. Browsers keep a page a minute; shared caches (Varnish, a CDN) may keep it a
 * year, because the publisher purges exactly the URLs each publish changes (caches.ts) before it
 * reports the publish live. Astro's hashed assets never change under their name.
 */
export const CACHE = {
  immutable: 'public, max-age=31536000, immutable',
  published: 'public, max-age=60, s-maxage=31536000',
  moved: 'public, max-age=300, s-maxage=31536000',
  notFound: 'public, max-age=60, s-maxage=60',
  error: 'no-store',
} as const;

export const IMMUTABLE_PREFIX = '/_astro/';

/** The Cache-Control of an answer with this status to this (normal) path. */
export function cacheControl(status: number, pathname: string): string {
  if (status === 200 || status === 206 || status === 304) return pathname.startsWith(IMMUTABLE_PREFIX) ? CACHE.immutable : CACHE.published;
  if (status === 301) return CACHE.moved;
  if (status === 404) return CACHE.notFound;
  return CACHE.error;
}

/** Content types by extension (what the build writes); anything else is served as bytes. */
export const CONTENT_TYPES: Readonly<Record<string, { type: string; charset: boolean }>> = {
  html: { type: 'text/html', charset: true },
  xml: { type: 'application/xml', charset: true },
  txt: { type: 'text/plain', charset: true },
  json: { type: 'application/json', charset: false },
  js: { type: 'application/javascript', charset: true },
  mjs: { type: 'application/javascript', charset: true },
  css: { type: 'text/css', charset: true },
  svg: { type: 'image/svg+xml', charset: false },
  png: { type: 'image/png', charset: false },
  jpg: { type: 'image/jpeg', charset: false },
  webp: { type: 'image/webp', charset: false },
  ico: { type: 'image/x-icon', charset: false },
  wasm: { type: 'application/wasm', charset: false },
  woff2: { type: 'font/woff2', charset: false },
};
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeOf(file: string): string {
  const known = CONTENT_TYPES[file.slice(file.lastIndexOf('.') + 1)];
  if (!known) return DEFAULT_CONTENT_TYPE;
  return known.charset ? `${known.type}; charset=utf-8` : known.type;
}

/**
 * The files a normal path may name, in the order both servers try them (nginx's `try_files $uri
 * $uri/index.html $uri.html`): the file itself, the folder's page, the page without its extension.
 */
export function candidateFiles(pathname: string): string[] {
  const rel = pathname.slice(1);
  const folder = rel === '' || rel.endsWith('/') ? rel : `${rel}/`;
  return [...(rel && !rel.endsWith('/') ? [rel] : []), `${folder}index.html`, ...(rel && !rel.endsWith('/') ? [`${rel}.html`] : [])];
}

/**
 * Never served, whatever the path: the build's private parts (dot-named: the server code of the
 * preview, the content snapshot, the redirect map) and the compressed twins, which are chosen
 * by Accept-Encoding, not named.
 */
export const isHidden = (pathname: string) => /\/\./.test(pathname) || /\.(br|gz)$/.test(pathname);

/**
 * A request target's path in its one normal form, as nginx makes it before any decision: origin
 * form only, the query dropped, percent-escapes decoded (an encoded slash or dot is a slash or a
 * dot), runs of slashes collapsed, `.` and `..` segments resolved. Null for a target that is not
 * a path (absolute or authority form), does not decode, holds a NUL, or climbs above the root:
 * a 400. Every spelling of a URL thus reaches the same decision: a takedown is gone under all of
 * them.
 */
export function normalPath(rawTarget: string | undefined): string | null {
  if (!rawTarget?.startsWith('/')) return null;
  const raw = rawTarget.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const out: string[] = [];
  const segments = decoded.split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '' || segment === '.') {
      // A trailing empty or dot segment keeps the path a folder's.
      if (i === segments.length - 1 && i > 0) out.push('');
      continue;
    }
    if (segment === '..') {
      if (out.length === 0 || (out.length === 1 && out[0] === '')) return null;
      out.pop();
      if (i === segments.length - 1) out.push('');
      continue;
    }
    out.push(segment);
  }
  return `/${out.join('/')}`;
}
