/**
 * Serves a built site: correct content types, ETag/Last-Modified, brotli/gzip (pages compressed on
 * first request, page-compression.ts; other text files precompressed), long cache for
 * hashed assets (Astro's /_astro/), short for HTML and feeds, 404.html for anything unknown, 301s
 * for moved pages, and the build's on-demand preview route. GET and HEAD only; every answer carries
 * the site's security headers; a request it cannot parse is a 400, never a crash.
 */
import { existsSync, type Stats, statSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import http from 'node:http';
import path from 'node:path';
import Negotiator from 'negotiator';
import sirv from 'sirv';
import { readLayers, resolveFile } from './layers.ts';
import { pageCompressor, type PageCompressor } from './page-compression.ts';
import { MIN_BYTES } from './precompress.ts';
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

/** Files a request path may name, in sirv's order (`extensions: ['html']`): the first found wins. */
function candidateFiles(pathname: string): string[] {
  const uri = pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const out: string[] = [];
  for (const ext of ['', '.html']) {
    if (uri) out.push(`${uri}${ext}`);
    out.push(`${uri}/index${ext}`);
  }
  return out.map((f) => f.slice(1));
}

/**
 * The first of `rels` that is a file under `dir`, with its stats. Synchronous, as sirv's own
 * lookup is: a stat of a cached directory entry costs microseconds, a hop through libuv's thread
 * pool (four of them per page request) costs more, and that pool also reads the files.
 */
function firstFile(dir: string, rels: readonly string[]): { rel: string; file: string; stats: Stats } | null {
  for (const rel of rels) {
    const file = path.join(dir, rel);
    if (!file.startsWith(dir + path.sep)) continue;
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats?.isFile()) return { rel, file, stats };
  }
  return null;
}

const CACHE_CONTROL = (pathname: string) => (pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=60');

/** Whether the client takes brotli, read as RFC 9110 says (`br;q=0` refuses it). */
const takesBrotli = (req: http.IncomingMessage) => new Negotiator(req).encodings(['br']).includes('br');

/**
 * Answers a request for a page with its brotli bytes, compressed now or cached; the same headers
 * sirv gives a precompressed twin, with an ETag of its own so a cache never mixes the two.
 */
async function sendCompressedPage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
  found: { file: string; stats: Stats },
  pages: PageCompressor,
): Promise<void> {
  const { body, stats } = await pages.brotli(found.file, found.stats);
  const etag = `W/"${stats.size}-${stats.mtime.getTime()}-br"`;
  res.setHeader('vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag });
    res.end();
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/html;charset=utf-8',
    'content-encoding': 'br',
    'content-length': body.length,
    'last-modified': stats.mtime.toUTCString(),
    etag,
    'cache-control': CACHE_CONTROL(pathname),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export interface ServeOptions {
  /**
   * The CMS origin readers' browsers load images from and post votes and comments to (the build's
   * STRAPI_PUBLIC_URL, else STRAPI_URL): the only other origin the pages' CSP allows.
   */
  cmsOrigin: string;
  log?: (line: string) => void;
  /** Called for every request (the publisher's measure of reader load). */
  onRequest?: () => void;
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
        res.setHeader('cache-control', CACHE_CONTROL(pathname));
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
    // The page a path names, looked up as `assets` does (the overlay, then the build unless
    // removed); null when it names no page worth compressing, for `assets` to answer.
    const findPage = (pathname: string) => {
      const rels = candidateFiles(decodeURI(pathname));
      const found = (top ? firstFile(layers.top, rels) : null) ?? (removedFrom(pathname) ? null : firstFile(layers.base, rels));
      return found?.rel.endsWith('.html') && found.stats.size >= MIN_BYTES ? found : null;
    };
    return {
      assets,
      findPage,
      notFound: (await read('404.html')) ?? Buffer.from('<!doctype html><title>404</title>'),
      // Old paths of moved articles and categories, answered with a permanent redirect.
      moved: new Map<string, string>(Object.entries(JSON.parse((await read('moved-paths.json'))?.toString('utf8') ?? '{}') as Record<string, string>)),
      onDemand: lazyOnDemand(layers.base),
    };
  };
  let current = await load();
  const pages = pageCompressor();
  const server = hardenServer(
    http.createServer(),
    (req, res) => {
      opts.onRequest?.();
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
      // Ranges and clients without brotli get the file itself, from sirv.
      if (req.headers.range || !takesBrotli(req)) return assets(req, res, answerNotFound);
      const page = current.findPage(pathname);
      if (!page) return assets(req, res, answerNotFound);
      // A page gone between its lookup and its reading (an old build pruned after a switch):
      // answered from the version live now, uncompressed.
      return sendCompressedPage(req, res, pathname, page, pages).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT' || res.headersSent) throw err;
        current.assets(req, res, answerNotFound);
      });
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
