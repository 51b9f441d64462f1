/**
 * The embedded server (`npm start`, and the publisher's preview pages behind nginx): serves the
 * live tree as it is, as nginx serves it from the generated configuration (nginx-site.ts), both
 * from the one serving policy (site-policy.ts). Every decision is made on the request's normal
 * path, so every spelling of a URL gets the same answer (a takedown is gone under all of them).
 * Files are looked up through the `current` link at each request: an in-place publish or a full
 * build's switch shows on the next one. GET and HEAD only; a request it cannot parse is a 400,
 * never a crash; Range is answered by the book (range-parser): 206, or 416 for none satisfiable.
 */
import { createReadStream, type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Negotiator from 'negotiator';
import parseRange from 'range-parser';
import { hardenServer, sendPlain } from './http-guard.ts';
import { cacheControl, candidateFiles, contentTypeOf, isHidden, normalPath, siteSecurityHeaders } from './site-policy.ts';

export interface StaticServer {
  readonly url: string;
  /** Reads the moved-article table again (after a publish that may have changed it). */
  reload(): Promise<void>;
  close(): Promise<void>;
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

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

/** The only routes Astro renders on demand (see site/src/pages/preview/). */
const ON_DEMAND = /^\/preview\//;

/** A file of the live tree and its stats, or null. */
async function fileAt(root: string, rel: string): Promise<{ file: string; stats: Stats } | null> {
  const file = path.join(root, rel);
  if (!file.startsWith(root + path.sep)) return null;
  const stats = await stat(file).catch(() => null);
  return stats?.isFile() ? { file, stats } : null;
}

/** nginx's ETag: its modification time and size in hex. */
const etagOf = (stats: Stats) => `"${Math.floor(stats.mtimeMs / 1000).toString(16)}-${stats.size.toString(16)}"`;

/**
 * Sends one file of the tree with `status`: its compressed twin when the client takes it and one
 * exists (brotli first), conditional requests answered 304, a Range of the plain file 206 or 416.
 */
async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, root: string, rel: string, status: number, pathname: string): Promise<boolean> {
  const found = await fileAt(root, rel);
  if (!found) return false;
  // As nginx's brotli_static and gzip_static: brotli if the client takes it at all, else gzip.
  const accepted = new Negotiator(req).encodings(['br', 'gzip']);
  const twins = { br: await fileAt(root, `${rel}.br`), gzip: await fileAt(root, `${rel}.gz`) };
  const encoding = (['br', 'gzip'] as const).find((e) => twins[e] && accepted.includes(e));
  const sent = encoding ? twins[encoding]! : found;
  const headers: http.OutgoingHttpHeaders = {
    'content-type': contentTypeOf(rel),
    'last-modified': sent.stats.mtime.toUTCString(),
    etag: etagOf(sent.stats),
    'cache-control': cacheControl(status, pathname),
  };
  if (twins.br || twins.gzip) headers.vary = 'Accept-Encoding';
  if (encoding) headers['content-encoding'] = encoding;
  if (status === 200) {
    if (req.headers['if-none-match'] === headers.etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === headers['last-modified'])) {
      res.writeHead(304, {
        etag: headers.etag,
        'last-modified': headers['last-modified'],
        'cache-control': headers['cache-control'],
        ...(headers.vary ? { vary: headers.vary } : {}),
      });
      res.end();
      return true;
    }
  }
  let start = 0;
  let end = sent.stats.size - 1;
  let code = status;
  // Ranges of the plain file only (a compressed answer is whole, as nginx's).
  const range = status === 200 && !encoding ? req.headers.range : undefined;
  if (range) {
    const ranges = parseRange(sent.stats.size, range, { combine: true });
    if (ranges === -1) {
      res.writeHead(416, { 'content-range': `bytes */${sent.stats.size}`, 'cache-control': cacheControl(416, pathname) });
      res.end();
      return true;
    }
    // A malformed header is ignored; several ranges get the whole file (both allowed by RFC 9110).
    if (ranges !== -2 && ranges.length === 1) {
      start = ranges[0]!.start;
      end = ranges[0]!.end;
      code = 206;
      headers['content-range'] = `bytes ${start}-${end}/${sent.stats.size}`;
    }
  }
  if (status === 200) headers['accept-ranges'] = 'bytes';
  headers['content-length'] = end - start + 1;
  res.writeHead(code, headers);
  if (req.method === 'HEAD' || headers['content-length'] === 0) {
    res.end();
    return true;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(sent.file, { start, end });
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
  return true;
}

/**
 * The build's on-demand handler (the draft preview), from the Node adapter's entry, imported on
 * the first preview request of that build: an imported build stays in memory for the life of the
 * process (ES modules cannot be unloaded), so builds nobody previews cost nothing.
 */
const onDemandHandlers = new Map<string, Promise<NodeHandler>>();
function onDemand(buildDir: string): Promise<NodeHandler> {
  let handler = onDemandHandlers.get(buildDir);
  if (!handler) {
    handler = import(pathToFileURL(path.join(buildDir, '.server', 'entry.mjs')).href).then((mod: { handler: NodeHandler }) => mod.handler);
    onDemandHandlers.set(buildDir, handler);
  }
  return handler;
}

export async function serveStatic(root: string, port: number, host: string, opts: ServeOptions): Promise<StaticServer> {
  const securityHeaders = siteSecurityHeaders(opts.cmsOrigin);
  const readMoved = async () =>
    new Map<string, string>(
      Object.entries(JSON.parse(await readFile(path.join(root, 'moved-paths.json'), 'utf8').catch(() => '{}')) as Record<string, string>).map(([from, to]) => [
        from.toLowerCase(),
        to,
      ]),
    );
  let moved = await readMoved();
  /** nginx's map matches the folder, the path without its slash and its index.html (nginx-site.ts). */
  const movedTo = (pathname: string) => {
    const lower = pathname.toLowerCase();
    const folder = lower.endsWith('/index.html') ? lower.slice(0, -'index.html'.length) : lower.endsWith('/') ? lower : `${lower}/`;
    return moved.get(folder);
  };

  const notFound = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!(await sendFile(req, res, root, '404.html', 404, '/404.html'))) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': cacheControl(404, '/') });
      res.end(req.method === 'HEAD' ? undefined : '<!doctype html><title>404</title>');
    }
  };

  const server = hardenServer(
    http.createServer(),
    async (req, res) => {
      opts.onRequest?.();
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      const pathname = normalPath(req.url);
      if (pathname === null) return sendPlain(res, 400, 'Bad Request');
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendPlain(res, 405, 'Method Not Allowed', { allow: 'GET, HEAD' });
      const to = movedTo(pathname);
      if (to) {
        res.writeHead(301, { location: to, 'cache-control': cacheControl(301, pathname) });
        res.end();
        return;
      }
      if (ON_DEMAND.test(pathname)) {
        const build = await realpath(root);
        const handler = await onDemand(build).catch(() => null);
        if (!handler) return sendPlain(res, 500, 'Không xem trước được bài viết.');
        return handler(req, res, () => void notFound(req, res));
      }
      if (isHidden(pathname) || pathname === '/404.html') return notFound(req, res);
      for (const rel of candidateFiles(pathname)) {
        // A file gone between its stat and its reading (a takedown, an old build pruned) is looked up again.
        if (
          await sendFile(req, res, root, rel, 200, pathname).catch((err: NodeJS.ErrnoException) =>
            err.code === 'ENOENT' && !res.headersSent ? false : Promise.reject(err),
          )
        )
          return;
      }
      return notFound(req, res);
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
      moved = await readMoved();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
