/**
 * Files of one JSON value per line, for what a build saves beside its output (the content
 * snapshot, the search documents): an archive does not fit in one string. Written under a
 * temporary name and renamed, so a reader that finds the file finds all of it.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import readline from 'node:readline';

export async function writeNdjson(file: string, lines: Iterable<unknown>): Promise<void> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  for (const line of lines) {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await rename(partial, file);
}

/** Each line of `file`, parsed (not yet validated: callers check it against their schema). */
export async function* readNdjson(file: string): AsyncGenerator<unknown> {
  for await (const text of readline.createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
    if (text) yield JSON.parse(text) as unknown;
  }
}
