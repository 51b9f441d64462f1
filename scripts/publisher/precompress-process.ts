/**
 * One share of a build's compression (precompress.ts starts one per core): writes the twins of
 * every `shards`-th file of the list, from `shard` on. Given the hashes of twins made already
 * (precompress-follow.ts), keeps those whose file still hashes the same.
 *
 * Usage: node precompress-process.ts <list of files, JSON> <shard> <shards> [made from, JSON]
 */
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { z } from 'zod';
import { compressFileSync } from './precompress.ts';

const [listFile, shardArg, shardsArg, madeFromFile] = process.argv.slice(2);
const shard = Number(shardArg);
const shards = Number(shardsArg);
if (!listFile || !Number.isInteger(shard) || !Number.isInteger(shards) || shard < 0 || shard >= shards) {
  console.error('usage: precompress-process.ts <list of files, JSON> <shard> <shards> [made from, JSON]');
  process.exit(2);
}
try {
  // Readers come first: the static server keeps its priority, compression takes what is left.
  setPriority(10);
} catch {
  // not permitted here: run at normal priority
}
const files = z.array(z.string()).parse(JSON.parse(await readFile(listFile, 'utf8')));
const madeFrom = madeFromFile ? z.record(z.string(), z.string()).parse(JSON.parse(await readFile(madeFromFile, 'utf8'))) : {};
for (let i = shard; i < files.length; i += shards) compressFileSync(files[i]!, madeFrom[files[i]!]);
