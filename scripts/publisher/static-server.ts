/**
 * Serves a built site: correct content types, ETag/Last-Modified, brotli/gzip, long cache for
 * hashed assets (Astro's /_astro/), short for HTML and feeds, 404.html for anything unknown, 301s
 * for moved pages, and the build's on-demand preview route. GET and HEAD only; every answer carries
 * the site's security headers; a request it cannot parse is a 400, never a crash.
 */
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { readLayers, resolveFile } from './layers.ts';
import { hardenServer, requestPath, sendPlain } from './http-guard.ts';
import { siteSecurityHeaders } from './site-headers.ts';

export interface StaticServer {
  readonly url: string;
  /** Re-reads the directory after a new build was switched in (sirv indexes files at start). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/** The only routes Astro renders on demand (see site/src/pages/preview/). */
const ON_DEMAND = /^\/preview\//;

/**
 * The build's on-demand handler (the draft preview), from the Node adapter's middleware entry,
 * imported on the first preview request only: an imported build stays in memory for the life of
 * the process (ES modules cannot be unloaded), so builds nobody previews cost nothing.
 */
function lazyOnDemand(dir: string): NodeHandler | null {
  const entry = path.join(dir, '.server', 'entry.mjs');
  if (!existsSync(entry)) return null;
  let handler: Promise<NodeHandler> | undefined;
  return (req, res, next) => {
    handler ??= import(pathToFileURL(entry).href).then((mod: { handler: NodeHandler }) => mod.handler);
    handler.then((h) => h(req, res, next)).catch(() => sendPlain(res, 500, 'Không xem trước được bài viết.'));
  };
}

/** Precompressed twins are chosen by Accept-Encoding, never served as files of their own. */
const PRECOMPRESSED = /\.(br|gz)$/;

/**
 * Dot-named files and folders are the build's private parts (.server/, the content snapshot);
 * sirv's per-request lookup would serve them. Checked on the decoded path too (%2E is a dot).
 */
const isPrivate = (pathname: string) => /\/\./.test(pathname) || /\/\./.test(decodeURIComponent(pathname));

export interface ServeOptions {
  /**
   * The CMS origin readers' browsers load images from and post votes and comments to (the build's
   * STRAPI_PUBLIC_URL, else STRAPI_URL): the only other origin the pages' CSP allows.
   */
  cmsOrigin: string;
  log?: (line: string) => void;
}

export async function serveStatic(root: string, port: number, host: string, opts: ServeOptions): Promise<StaticServer> {
  const securityHeaders = siteSecurityHeaders(opts.cmsOrigin);
  // A symlinked root (the publisher's `current`) is resolved at each load, so requests already
  // under way keep reading the build they started on.
  const filesOf = (dir: string) =>
    sirv(dir, {
      etag: true,
      // Files are looked up per request (a stat or two) instead of indexed at load: indexing
      // walked the whole build on every switch, seconds at archive scale, and a publish
      // switches builds every few seconds.
      dev: true,
      // Precompressed at build time (precompress.ts), chosen by Accept-Encoding.
      brotli: true,
      gzip: true,
      extensions: ['html'],
      setHeaders(res, pathname) {
        res.setHeader('cache-control', pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=60');
      },
    });
  const load = async () => {
    // A version is a full build or an overlay on one (scripts/publisher/layers.ts): the overlay's
    // files first, then the build's unless the overlay removed them.
    const layers = await readLayers(await realpath(root));
    const base = filesOf(layers.base);
    const top = layers.top === layers.base ? null : filesOf(layers.top);
    const removedFrom = (pathname: string) => {
      const rel = decodeURIComponent(pathname).slice(1).replace(/\/$/, '');
      return [rel, `${rel}.html`, `${rel}/index.html`, rel ? `${rel}/index.html` : 'index.html'].some((f) => layers.removed.has(f));
    };
    const read = async (rel: string) => {
      const file = await resolveFile(layers, rel);
      return file ? readFile(file) : null;
    };
    const assets: NodeHandler = top
      ? (req, res, next) => top(req, res, () => (removedFrom(requestPath(req.url) ?? '/') ? next() : base(req, res, next)))
      : base;
    return {
      assets,
      notFound: (await read('404.html')) ?? Buffer.from('<!doctype html><title>404</title>'),
      // Old paths of moved articles and categories, answered with a permanent redirect.
      moved: new Map<string, string>(Object.entries(JSON.parse((await read('moved-paths.json'))?.toString('utf8') ?? '{}') as Record<string, string>)),
      onDemand: lazyOnDemand(layers.base),
    };
  };
  let current = await load();
  const server = hardenServer(
    http.createServer(),
    (req, res) => {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      const pathname = requestPath(req.url);
      if (pathname === null) return sendPlain(res, 400, 'Bad Request');
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendPlain(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
      const { assets, notFound, moved, onDemand } = current;
      const answerNotFound = () => {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : notFound);
      };
      if (onDemand && ON_DEMAND.test(pathname)) return onDemand(req, res, answerNotFound);
      const to = moved.get(pathname.endsWith('/') ? pathname : `${pathname}/`);
      if (to) {
        res.writeHead(301, { location: to, 'cache-control': 'public, max-age=3600' });
        res.end();
        return;
      }
      if (PRECOMPRESSED.test(pathname) || isPrivate(pathname)) return answerNotFound();
      assets(req, res, answerNotFound);
    },
    opts.log,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    reload: async () => {
      current = await load();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
