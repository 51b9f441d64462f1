/**
 * Builds the static site against the running CMS (STRAPI_URL, default http://127.0.0.1:1337).
 *   node scripts/build-site.ts [--out site/dist] [--search-cache <dir>]
 * With --search-cache, each year's search index is kept there and reused by the next build when
 * none of that year's pages changed (publisher/search-index.ts).
 * Exits non-zero with a one-line reason when the CMS is unreachable or the token is refused.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, preflight } from '../publisher/site-build.ts';
import { siteEnv } from './lib/site-env.ts';
import { siteRoot } from './lib/paths.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(siteRoot, 'dist') }, 'search-cache': { type: 'string' } } });
try {
  const env = await siteEnv();
  await preflight(env.STRAPI_URL, env.STRAPI_TOKEN);
  const cache = values['search-cache'];
  await buildSite(path.resolve(values.out), env, undefined, undefined, cache === undefined ? undefined : path.resolve(cache));
} catch (err) {
  console.error(`[site] build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  process.exit(1);
}
