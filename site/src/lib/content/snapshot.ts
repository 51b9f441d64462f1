/**
 * The content a full build read, saved beside its output, so the render host that serves
 * incremental publishes for that build starts from exactly the same data (reading the CMS again
 * could see a change the build did not, and then never render it) and without a second read of
 * the archive. One JSON line per entry: an archive does not fit in one string.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import readline from 'node:readline';
import { mostReadList } from '@tintinh/content-types';
import { type EntryCollection, entrySchemas, movedPathList, type SiteContent } from './schema.ts';

/** Dot-named: no server ever serves it (publisher/site-policy.ts hides dot-files). */
export const SNAPSHOT_FILE = '.full-build-content.ndjson';

/** Small lists kept whole in the first line. */
type HeadLists = Pick<SiteContent, 'movedPaths' | 'mostRead'>;
type Collection = EntryCollection;
type Line = { collection: Collection; entry: unknown } | ({ builtAt: string } & HeadLists);

const COLLECTIONS = Object.keys(entrySchemas) as Collection[];

export async function writeSnapshot(file: string, content: SiteContent, builtAt: Date): Promise<void> {
  const out = createWriteStream(file);
  const write = async (line: Line) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  await write({ builtAt: builtAt.toISOString(), movedPaths: content.movedPaths, mostRead: content.mostRead });
  for (const collection of COLLECTIONS) {
    for (const entry of content[collection]) await write({ collection, entry });
  }
  out.end();
  await once(out, 'finish');
}

/** Reads a snapshot back, every entry validated against its schema like a read from the CMS. */
export async function readSnapshot(file: string): Promise<{ content: SiteContent; builtAt: Date }> {
  const content: Omit<SiteContent, keyof HeadLists> = { categories: [], tags: [], articles: [], polls: [], notes: [], comments: [] };
  let head: ({ builtAt: Date } & HeadLists) | null = null;
  const add = <K extends Collection>(collection: K, entry: unknown) => {
    if (!Object.hasOwn(content, collection)) throw new Error(`${file}: unknown collection ${String(collection)}`);
    const list: Array<SiteContent[K][number]> = content[collection];
    list.push(entrySchemas[collection].parse(entry));
  };
  for await (const text of readline.createInterface({ input: createReadStream(file) })) {
    const line = JSON.parse(text) as Line;
    if ('builtAt' in line)
      head = { builtAt: new Date(line.builtAt), movedPaths: movedPathList.parse(line.movedPaths), mostRead: mostReadList.parse(line.mostRead) };
    else add(line.collection, line.entry);
  }
  if (!head) throw new Error(`${file}: not a content snapshot`);
  return { content: { ...content, movedPaths: head.movedPaths, mostRead: head.mostRead }, builtAt: head.builtAt };
}
