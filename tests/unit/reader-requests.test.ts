/** Who a reader is (behind which proxies) and where a no-JavaScript form sends them back to. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientIp, trustedProxiesFromEnv } from '../../cms/src/public-writes/client-ip.ts';
import { returnUrl, type WriteContext } from '../../cms/src/public-writes/request.ts';

describe('the reader address', () => {
  const proxies = trustedProxiesFromEnv('10.0.0.2, ::ffff:10.0.0.3,');
  it.each([
    ['a direct reader', '203.0.113.7', undefined, '203.0.113.7'],
    ['a direct reader sending X-Forwarded-For (ignored)', '203.0.113.7', '1.2.3.4', '203.0.113.7'],
    ['through a trusted proxy', '10.0.0.2', '198.51.100.9', '198.51.100.9'],
    ['through two trusted proxies', '10.0.0.2', '198.51.100.9, 10.0.0.3', '198.51.100.9'],
    ['a spoofed left-most entry', '10.0.0.2', '6.6.6.6, 198.51.100.9', '198.51.100.9'],
    ['garbage hops skipped', '10.0.0.2', 'xyz, 198.51.100.9, <script>', '198.51.100.9'],
    ['only proxies in the chain', '10.0.0.2', '10.0.0.3', '10.0.0.2'],
    ['an IPv4-mapped socket address', '::ffff:203.0.113.7', undefined, '203.0.113.7'],
    ['no address at all', undefined, undefined, 'unknown'],
  ])('%s', (_, socket, forwarded, expected) => {
    expect(clientIp(socket, forwarded, proxies)).toBe(expected);
  });
});

describe('where a form post returns to', () => {
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
    process.env.CORS_ORIGINS = 'https://tintinh.vn,http://localhost:4321';
    process.env.SITE_URL = 'https://tintinh.vn';
  });
  afterEach(() => {
    process.env = saved;
  });
  const ctx = (headers: Record<string, string>, back?: string) =>
    ({ get: (h: string) => headers[h] ?? '', query: back === undefined ? {} : { back } }) as unknown as WriteContext & { query: Record<string, unknown> };

  it.each([
    ['the page it came from, on the site', { origin: 'https://tintinh.vn' }, '/xa-hoi/bai-viet/', 'https://tintinh.vn/xa-hoi/bai-viet/#poll'],
    ['the other allowed origin', { referer: 'http://localhost:4321/xa-hoi/' }, '/xa-hoi/', 'http://localhost:4321/xa-hoi/#poll'],
    ['never another site', { origin: 'https://evil.example' }, '/xa-hoi/', 'https://tintinh.vn/xa-hoi/#poll'],
    ['never a protocol-relative path', { origin: 'https://tintinh.vn' }, '//evil.example/', 'https://tintinh.vn/#poll'],
    ['never a full URL as the path', { origin: 'https://tintinh.vn' }, 'https://evil.example/', 'https://tintinh.vn/#poll'],
    ['no path: the home page', {}, undefined, 'https://tintinh.vn/#poll'],
  ])('%s', (_, headers, back, expected) => {
    expect(returnUrl(ctx(headers, back), '#poll')).toBe(expected);
  });
});
