/**
 * The static server as an attacker meets it: malformed requests get a 4xx and the server keeps
 * serving, only GET and HEAD are answered, precompressed twins are never served raw, and every
 * answer carries the site's security headers. A small hand-made site is enough: what is tested
 * is the server, not the pages (the browser suites check that real pages satisfy the CSP).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../publisher/lib/ports.ts';
import { serveStatic, type StaticServer } from '../../publisher/static-server.ts';
import { rawRequest } from '../support/http.ts';
import { fuzz } from '../support/malformed-requests.ts';

// Pages long enough to be worth compressing (precompress.ts, MIN_BYTES).
const TEXT = '<p>Ban Chấp hành Đảng bộ huyện Hồng Dân tổ chức Hội nghị lần thứ 5.</p>'.repeat(10);
const HOME = `<!doctype html><html lang="vi"><title>Trang chủ</title><h1>Trang chủ</h1>${TEXT}</html>`;
const CATEGORY = `<!doctype html><html lang="vi"><title>Xã hội</title><h1>Xã hội</h1>${TEXT}</html>`;
const OLD_HOME = HOME.replace('Trang chủ</h1>', 'Trang chủ cũ</h1>');
const FEED = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin mới</title>${'<item><title>Tin</title></item>'.repeat(30)}</channel></rss>`;
const CMS_ORIGIN = 'http://cms.tintinh.test:1337';

describe('the static server', () => {
  let dir: string;
  let server: StaticServer;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tintinh-static-'));
    await mkdir(path.join(dir, 'xa-hoi'), { recursive: true });
    await writeFile(path.join(dir, 'index.html'), HOME);
    // Twins of an older home page, as a build from before pages were compressed on demand left them.
    await writeFile(path.join(dir, 'index.html.br'), brotliCompressSync(OLD_HOME));
    await writeFile(path.join(dir, 'index.html.gz'), gzipSync(HOME));
    // A page as a build writes it: no twins (page-compression.ts).
    await writeFile(path.join(dir, 'xa-hoi', 'index.html'), CATEGORY);
    await writeFile(path.join(dir, 'rss.xml'), FEED);
    await writeFile(path.join(dir, 'rss.xml.br'), brotliCompressSync(FEED));
    await writeFile(path.join(dir, '404.html'), '<!doctype html><title>Không tìm thấy trang</title>');
    await writeFile(path.join(dir, 'moved-paths.json'), JSON.stringify({ '/cu/': '/xa-hoi/' }));
    await writeFile(path.join(dir, '.full-build-content.ndjson'), '{"private":true}');
    await mkdir(path.join(dir, '.private'));
    await writeFile(path.join(dir, '.private', 'index.html'), 'private');
    port = await freePort();
    server = await serveStatic(dir, port, '127.0.0.1', { cmsOrigin: CMS_ORIGIN, log: () => undefined });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers a few hundred malformed requests without a 5xx and keeps serving', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const serverErrors = await fuzz(port, seed, 300);
    expect(serverErrors, `FUZZ_SEED=${seed}`).toEqual([]);
    const home = await fetch(`${server.url}/`);
    expect(home.status, `FUZZ_SEED=${seed}`).toBe(200);
    expect(await home.text()).toBe(HOME);
  });

  it.each([
    ['a host-relative target that URL() cannot parse', 'GET //[ HTTP/1.1'],
    ['an absolute target with an impossible port', 'GET http://x:99999/ HTTP/1.1'],
    ['a broken percent escape', 'GET /%E0%A4%A HTTP/1.1'],
  ])('answers %s with 400 and a correct status line', async (_what, line) => {
    const answer = await rawRequest(port, `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it.each(['POST', 'PUT', 'DELETE', 'TRACE', 'OPTIONS', 'PATCH'])('answers %s with 405 and says what is allowed', async (method) => {
    // Raw, since fetch() refuses to send TRACE.
    const answer = await rawRequest(port, `${method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 405 Method Not Allowed\r\n/);
    expect(answer).toMatch(/\r\nallow: GET, HEAD\r\n/i);
    expect(answer).not.toContain('Trang chủ');
  });

  it.each(['/.full-build-content.ndjson', '/%2Efull-build-content.ndjson', '/.private/', '/.private/index.html', '/xa-hoi/../.private/'])(
    "never serves the build's private parts: %s",
    async (route) => {
      const answer = await rawRequest(port, `GET ${route} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 404 /);
      expect(answer).not.toMatch(/private/);
    },
  );

  it('answers HEAD like GET without a body', async () => {
    const res = await fetch(`${server.url}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('serves precompressed twins only through Accept-Encoding, never as files', async () => {
    for (const twin of ['/index.html.br', '/index.html.gz']) {
      const res = await fetch(`${server.url}${twin}`, { headers: { 'accept-encoding': 'identity' } });
      expect(res.status, twin).toBe(404);
    }
    const raw = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/\r\ncontent-encoding: br\r\n/i);
    expect(raw).toMatch(/\r\ncontent-type: text\/html/i);
  });

  it('answers a client that takes only gzip with the page itself where a page has no gzip twin', async () => {
    const raw = await rawRequest(port, 'GET /xa-hoi/ HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 200 /);
    expect(raw).not.toMatch(/\r\ncontent-encoding:/i);
    // A shared cache must not hand this copy to a browser that takes brotli, nor the reverse.
    expect(raw).toMatch(/\r\nvary: accept-encoding\r\n/i);
    expect(raw.endsWith(`\r\n\r\n${Buffer.from(CATEGORY).toString('latin1')}`)).toBe(true);
    const brotli = await rawRequest(port, 'GET /xa-hoi/ HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n');
    expect(brotli).toMatch(/\r\ncontent-encoding: br\r\n/i);
  });

  it('compresses a page on its first brotli request, then answers from memory, with an ETag of its own', async () => {
    const first = await fetch(`${server.url}/xa-hoi/`, { headers: { 'accept-encoding': 'br' } });
    expect(first.headers.get('content-encoding')).toBe('br');
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    expect(first.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await first.text()).toBe(CATEGORY);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^W\/".+-br"$/);
    const again = await fetch(`${server.url}/xa-hoi/index.html`, { headers: { 'accept-encoding': 'br' } });
    expect(await again.text()).toBe(CATEGORY);
    const unchanged = await fetch(`${server.url}/xa-hoi/`, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    const head = await fetch(`${server.url}/xa-hoi/`, { method: 'HEAD', headers: { 'accept-encoding': 'br' } });
    expect([head.status, head.headers.get('content-encoding'), await head.text()]).toEqual([200, 'br', '']);
    // The identity copy keeps its own ETag: a cache never takes one for the other.
    const plain = await fetch(`${server.url}/xa-hoi/`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('etag')).not.toBe(etag);
    expect(await plain.text()).toBe(CATEGORY);
  });

  it("serves a page's own content, never an old twin beside it, and a rewritten page new at once", async () => {
    const home = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(home.headers.get('content-encoding')).toBe('br');
    expect(await home.text()).toBe(HOME);
    const page = path.join(dir, 'xa-hoi', 'index.html');
    await fetch(`${server.url}/xa-hoi/`, { headers: { 'accept-encoding': 'br' } }).then((r) => r.text());
    // As a publish writes a page: the old file unlinked, a new one written (same size here).
    const corrected = CATEGORY.replace('Xã hội', 'Xã hộI');
    await rm(page);
    await writeFile(page, corrected);
    const after = await fetch(`${server.url}/xa-hoi/`, { headers: { 'accept-encoding': 'br' } });
    expect(await after.text()).toBe(corrected);
  });

  it('answers brotli refused (br;q=0) or a range with the file itself, and feeds from their twins', async () => {
    const refused = await fetch(`${server.url}/xa-hoi/`, { headers: { 'accept-encoding': 'gzip;q=0, br;q=0' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    const range = await fetch(`${server.url}/xa-hoi/`, { headers: { 'accept-encoding': 'br', range: 'bytes=0-14' } });
    expect([range.status, range.headers.get('content-encoding'), await range.text()]).toEqual([206, null, CATEGORY.slice(0, 15)]);
    const feed = await fetch(`${server.url}/rss.xml`, { headers: { 'accept-encoding': 'br' } });
    expect(feed.headers.get('content-encoding')).toBe('br');
    expect(await feed.text()).toBe(FEED);
  });

  it('sends the security headers with pages, redirects, 404s and refusals', async () => {
    const answers = [
      await fetch(`${server.url}/`),
      await fetch(`${server.url}/cu/`, { redirect: 'manual' }),
      await fetch(`${server.url}/khong-co/`),
      await fetch(`${server.url}/`, { method: 'POST' }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 301, 404, 405]);
    for (const res of answers) {
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain(`img-src 'self' data: ${CMS_ORIGIN}`);
      expect(csp).toContain(`form-action 'self' ${CMS_ORIGIN}`);
      expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });
});
