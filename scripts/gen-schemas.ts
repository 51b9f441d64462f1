/**
 * Writes the Strapi schema.json files from content-types/, the single definition of the model.
 * `--check` writes nothing and exits 1 when a committed file differs (the drift test runs it);
 * `--cms-root DIR` points at another copy of the cms package.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { components, contentTypes, strapiSchemaFiles } from '@tintinh/content-types';

const { values } = parseArgs({
  options: { check: { type: 'boolean', default: false }, 'cms-root': { type: 'string' } },
});
const cmsRoot = path.resolve(values['cms-root'] ?? path.join(import.meta.dirname, '..', 'cms'));
const check = values.check;
const drifted: string[] = [];

for (const file of strapiSchemaFiles(contentTypes, components)) {
  const target = path.join(cmsRoot, file.path);
  const current = await readFile(target, 'utf8').catch(() => null);
  if (current === file.json) continue;
  if (check) {
    drifted.push(file.path);
  } else {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.json);
    console.log(`wrote cms/${file.path}`);
  }
}

if (drifted.length > 0) {
  console.error(`Strapi schemas differ from content-types/ (run: node scripts/gen-schemas.ts):\n  ${drifted.join('\n  ')}`);
  process.exit(1);
}
