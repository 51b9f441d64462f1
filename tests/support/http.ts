/** Small HTTP helpers for talking to the servers like any client (or attacker) would. */
import { connect } from 'node:net';

export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
}

export async function requestJson<T = unknown>(url: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<JsonResponse<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body: body as T };
}

/** Logs in to the Strapi admin API and returns the admin JWT. */
export async function adminToken(cmsUrl: string, email: string, password: string): Promise<string> {
  const res = await requestJson<{ data?: { token?: string; accessToken?: string } }>(`${cmsUrl}/admin/login`, {
    method: 'POST',
    json: { email, password },
  });
  const token = res.body.data?.token ?? res.body.data?.accessToken;
  if (res.status !== 200 || !token) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

/** How a raw exchange ended: a whole answer read, the server closing, a reset, or nothing in time. */
export type RawEnding = 'answered' | 'closed' | 'reset' | 'timeout';

/**
 * Sends bytes as they are on a fresh TCP connection and returns what came back and how the
 * exchange ended (a whole answer with Content-Length read; the server closing or resetting the
 * connection; or `timeoutMs` passing): for requests no HTTP client would agree to send.
 */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<{ data: string; ending: RawEnding }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let settled = false;
    const done = (ending: RawEnding) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: received, ending });
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.on('data', (d) => {
      received += d.toString('latin1');
      // One answer is enough: stop once a whole response with Content-Length has arrived.
      const head = received.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(received.slice(0, head))?.[1];
      if (head >= 0 && length !== undefined && received.length >= head + 4 + Number(length)) done('answered');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'reset' : 'closed'));
    socket.on('end', () => done('closed'));
    socket.on('close', () => done('closed'));
    socket.write(bytes);
  });
}

/** What came back on a raw exchange (rawExchange), however it ended. */
export async function rawRequest(port: number, bytes: string | Buffer, timeoutMs = 3000): Promise<string> {
  return (await rawExchange(port, bytes, timeoutMs)).data;
}
