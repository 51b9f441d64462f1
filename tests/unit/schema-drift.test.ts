import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { article, components, contentTypes, strapiSchemaFiles } from '@tintinh/content-types';
import { cmsRoot, repoRoot } from '../../scripts/lib/paths.ts';

const exec = promisify(execFile);
const genSchemas = path.join(repoRoot, 'scripts', 'gen-schemas.ts');
const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('Strapi schemas are generated from content-types/', () => {
  it('every committed schema.json equals what content-types/ generates', async () => {
    for (const file of strapiSchemaFiles(contentTypes, components)) {
      expect(await readFile(path.join(cmsRoot, file.path), 'utf8'), file.path).toBe(file.json);
    }
  });

  it('the drift check fails when a schema.json was edited by hand', async () => {
    const copy = await mkdtemp(path.join(tmpdir(), 'tintinh-drift-'));
    scratch.push(copy);
    await cp(path.join(cmsRoot, 'src'), path.join(copy, 'src'), { recursive: true });
    const schemaFile = path.join(copy, 'src/api/article/content-types/article/schema.json');
    const schema = JSON.parse(await readFile(schemaFile, 'utf8'));
    schema.attributes.title.maxLength = 999;
    await writeFile(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);

    await expect(exec(process.execPath, [genSchemas, '--check', '--cms-root', copy])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('src/api/article/content-types/article/schema.json'),
    });
  });

  it('the drift check passes on the repository', async () => {
    await expect(exec(process.execPath, [genSchemas, '--check'])).resolves.toBeDefined();
  });

  it('the zod schema the site uses rejects an entry with an invalid slug, naming the field', () => {
    const result = article.entrySchema.safeParse({
      id: 1,
      documentId: 'abc',
      title: 'Tin',
      slug: 'Cả-nước',
      lead: null,
      body: null,
      coverCaption: null,
      byline: null,
      featured: false,
      datePublished: null,
      seoTitle: null,
      seoDescription: null,
      createdAt: '2022-01-13T09:37:00.000Z',
      updatedAt: '2022-01-13T09:37:00.000Z',
      publishedAt: '2022-01-13T09:37:00.000Z',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('slug');
  });
});
