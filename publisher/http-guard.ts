/**
 * Request hygiene shared by every HTTP server the project runs (static site, preview, publisher
 * control port): a request target that does not parse is a 400, a handler that throws is a 500,
 * and neither ever takes the process down. One malformed request line used to end `npm start`.
 */
import type http from 'node:http';
import type { Socket } from 'node:net';

/** The path of a request target in origin form (`/a/b?c`), or null when it is not one. */
export function requestPath(rawUrl: string | undefined): string | null {
  // Absolute-form (`GET http://host/`) and authority-form targets are for proxies; a site
  // answers origin-form only (RFC 9112 §3.2). `//x` would be read as a host by URL().
  if (!rawUrl?.startsWith('/') || rawUrl.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(rawUrl, 'http://site.invalid');
  } catch {
    return null;
  }
  try {
    // A path whose percent-escapes do not decode cannot name a file.
    decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  return url.pathname;
}

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** Plain-text answer with a correct status line, unless headers already left. */
export function sendPlain(res: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/**
 * Wraps a request listener so a synchronous throw or a rejected promise answers 500 (logged),
 * and makes the server answer unparsable requests with 400 instead of dropping them silently.
 */
export function hardenServer(server: http.Server, listener: Listener, log: (line: string) => void = (l) => console.error(l)): http.Server {
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const fail = (err: unknown) => {
      log(`[http] ${req.method} ${String(req.url).slice(0, 200)} failed: ${err instanceof Error ? err.message : String(err)}`);
      sendPlain(res, 500, 'Lỗi máy chủ.');
    };
    try {
      const result = listener(req, res);
      if (result instanceof Promise) result.catch(fail);
    } catch (err) {
      fail(err);
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: 11\r\n\r\nBad Request`);
  });
  return server;
}
