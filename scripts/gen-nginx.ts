/**
 * Writes deploy/nginx/tintinh-site.conf: the nginx site configuration the publisher generates
 * (publisher/nginx-site.ts) with the example values an operator edits (docs/production.md).
 * With --check, fails when the committed file differs (npm run check), as for the Strapi schemas.
 *
 *   node scripts/gen-nginx.ts [--check]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { nginxSite } from '../publisher/nginx-site.ts';
import { repoRoot } from './lib/paths.ts';

export const DEPLOYED = path.join(repoRoot, 'deploy', 'nginx', 'tintinh-site.conf');

const text = nginxSite({
  listen: '8081',
  serverName: 'tintinh.vn www.tintinh.vn',
  root: '/srv/tintinh/site/current',
  cmsOrigin: 'https://cms.tintinh.vn',
  previewUpstream: 'http://127.0.0.1:4321',
});

if (process.argv.includes('--check')) {
  const committed = await readFile(DEPLOYED, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error(`${path.relative(repoRoot, DEPLOYED)} differs from what publisher/nginx-site.ts generates: run node scripts/gen-nginx.ts and commit it`);
    process.exit(1);
  }
} else {
  await writeFile(DEPLOYED, text);
  console.log(`wrote ${path.relative(repoRoot, DEPLOYED)}`);
}
