/**
 * The nginx site configuration of an edge (publisher/nginx-site.ts), with an operator's values
 * (docs/production.md), or deploy/nginx/tintinh-site.conf: the same with the example values.
 * With --check, fails when the committed file differs (npm run check), as for the Strapi schemas.
 *
 *   node scripts/gen-nginx.ts [--check]
 *   node scripts/gen-nginx.ts --out /etc/nginx/conf.d/tintinh-site.conf --root /srv/tintinh/site/current \
 *        --listen 8081 --server-name tintinh.vn --cms-origin https://cms.tintinh.vn --preview-upstream http://10.0.0.5:4321
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { nginxSite } from '../publisher/nginx-site.ts';
import { repoRoot } from './lib/paths.ts';

export const DEPLOYED = path.join(repoRoot, 'deploy', 'nginx', 'tintinh-site.conf');

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    out: { type: 'string', default: DEPLOYED },
    listen: { type: 'string', default: '8081' },
    'server-name': { type: 'string', default: 'tintinh.vn www.tintinh.vn' },
    root: { type: 'string', default: '/srv/tintinh/site/current' },
    'cms-origin': { type: 'string', default: 'https://cms.tintinh.vn' },
    'preview-upstream': { type: 'string', default: 'http://127.0.0.1:4321' },
  },
});

const text = nginxSite({
  listen: values.listen,
  serverName: values['server-name'],
  root: values.root,
  cmsOrigin: values['cms-origin'],
  previewUpstream: values['preview-upstream'],
});

if (values.check) {
  const committed = await readFile(DEPLOYED, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error(`${path.relative(repoRoot, DEPLOYED)} differs from what publisher/nginx-site.ts generates: run node scripts/gen-nginx.ts and commit it`);
    process.exit(1);
  }
} else {
  await writeFile(values.out, text);
  console.log(`wrote ${values.out}`);
}
