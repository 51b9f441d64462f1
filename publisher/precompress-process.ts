/**
 * One share of a build's compression (precompress.ts starts one per core): writes the twins of
 * every `shards`-th file of the list, from `shard` on.
 *
 * Usage: node precompress-process.ts <list of files, JSON> <shard> <shards>
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { compressFileSync } from './precompress.ts';
import { lowerOwnPriority } from './lib/child-priority.ts';

const [listFile, shardArg, shardsArg] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
if (!listFile || !Number.isInteger(shard) || !Number.isInteger(shards) || shard < 0 || shard >= shards) {
  console.error('usage: precompress-process.ts <list of files, JSON> <shard> <shards>');
  process.exit(2);
}
// Readers come first: the static server keeps its priority, compression takes what is left.
lowerOwnPriority(10);
const files = z.array(z.string()).parse(JSON.parse(await readFile(listFile, 'utf8')));
for (let i = shard; i < files.length; i += shards) compressFileSync(files[i]!);
