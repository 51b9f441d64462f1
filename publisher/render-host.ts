/**
 * The render host: a child process that loads one build's server entry (the site's own pages,
 * compiled by that build) and keeps the site's data in memory, so the publisher can apply a
 * change and render the few pages it touches in milliseconds instead of rebuilding the site. A
 * process of its own: rendering never stalls the static server's event loop, and it runs at a
 * lower CPU priority than the server readers are waiting on.
 *
 * Usage: node render-host.ts <build dir> <port>, with RENDER_SECRET and the site's STRAPI_* /
 * SITE_URL in the environment. Prints "ready" once the data is loaded.
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hardenServer, sendPlain } from './http-guard.ts';
import { lowerOwnPriority } from './lib/child-priority.ts';
import { INTERNAL_ROUTES, RENDER_SECRET_HEADER } from '../site/src/lib/render-protocol.ts';
import { BUILD_ENV } from '../site/src/lib/site-config.ts';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

const [buildDir, portArg] = process.argv.slice(2);
if (!buildDir || !portArg) {
  console.error('usage: render-host.ts <build dir> <port>');
  process.exit(2);
}
const secret = process.env[BUILD_ENV.renderSecret] ?? '';
if (secret.length < 16) {
  console.error(`render-host: ${BUILD_ENV.renderSecret} is not set`);
  process.exit(2);
}
// Readers come first: the static server keeps its priority, renders (and their garbage
// collection on V8's helper threads, a large heap at 200,000 articles) take what is left.
lowerOwnPriority(10);

const entry = (await import(pathToFileURL(path.join(buildDir, '.server', 'entry.mjs')).href)) as { handler: NodeHandler };
const server = hardenServer(http.createServer(), (req, res) => {
  // Only the incremental routes are served; previews go through the static server.
  if (!req.url?.startsWith('/internal/')) return sendPlain(res, 404, 'Not Found');
  entry.handler(req, res, () => sendPlain(res, 404, 'Not Found'));
});
await new Promise<void>((resolve) => server.listen(Number(portArg), '127.0.0.1', resolve));
// Load the data now, so the first publish does not wait for the archive to be read.
const warm = await fetch(`http://127.0.0.1:${portArg}${INTERNAL_ROUTES.apply}`, { headers: { [RENDER_SECRET_HEADER]: secret } });
if (!warm.ok) {
  console.error(`render-host: loading the site data failed (HTTP ${warm.status}): ${(await warm.text()).slice(0, 300)}`);
  process.exit(1);
}
console.log(`ready ${JSON.stringify(await warm.json())}`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
