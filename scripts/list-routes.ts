/**
 * Prints every HTTP route the built CMS registers, as Strapi itself lists them once loaded
 * (`strapi routes:list` does the same, but compiles the TypeScript first): one JSON line per
 * route and method, `{"method":"POST","path":"/content-manager/…"}`; a path answered for every
 * method (Strapi's `/_health`) is one line with method "ALL". The role × route matrix test reads
 * it, so a route a Strapi upgrade adds shows up there before anyone has to remember it.
 *
 *   node scripts/list-routes.ts
 */
import { closeStrapi, loadStrapi } from './lib/strapi-app.ts';

/** More methods than any route declares on purpose: the router's `all()`. */
const EVERY_METHOD = 10;

const strapi = await loadStrapi();
const seen = new Set<string>();
for (const route of strapi.server.mount().listRoutes()) {
  // Koa's router answers HEAD beside every GET: the GET stands for both.
  const methods = route.methods.length > EVERY_METHOD ? ['ALL'] : route.methods.filter((m) => m !== 'HEAD');
  for (const method of methods) {
    const line = JSON.stringify({ method, path: route.path });
    if (seen.has(line)) continue;
    seen.add(line);
    process.stdout.write(`${line}\n`);
  }
}
await closeStrapi(strapi);
