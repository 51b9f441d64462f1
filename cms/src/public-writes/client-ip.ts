import { isIP } from 'node:net';

/**
 * The reader's address. X-Forwarded-For is believed only when the connection comes from a proxy
 * listed in TRUSTED_PROXIES; then the right-most address not itself a trusted proxy is taken
 * (left-most entries are whatever the client chose to send).
 */
export function clientIp(socketAddress: string | undefined, forwardedFor: string | undefined, trustedProxies: ReadonlySet<string>): string {
  const socket = normalise(socketAddress ?? '');
  if (!trustedProxies.has(socket) || !forwardedFor) return socket || 'unknown';
  const hops = forwardedFor
    .split(',')
    .map((h) => normalise(h.trim()))
    .filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedProxies.has(hops[i]!)) return hops[i]!;
  }
  return socket;
}

/** "::ffff:127.0.0.1" → "127.0.0.1", so one reader has one key whatever the socket family. */
function normalise(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

export function trustedProxiesFromEnv(value: string | undefined): ReadonlySet<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((s) => normalise(s.trim()))
      .filter(Boolean),
  );
}
