/**
 * A publish's compression, off the publisher's event loop: one worker thread, started on the first
 * publish and kept (a child process per publish cost ≈150 ms of Node start-up, most of a publish's
 * compression time). Full builds still compress in child processes at a lower priority
 * (precompress.ts): they write hundreds of thousands of twins.
 */
import path from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { compressFileSync } from './precompress.ts';

interface Job {
  id: number;
  files: readonly string[];
}
type Reply = { id: number; error?: string };

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', ({ id, files }: Job) => {
    try {
      for (const file of files) compressFileSync(file);
      port.postMessage({ id } satisfies Reply);
    } catch (err) {
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies Reply);
    }
  });
}

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

function started(): Worker {
  if (worker) return worker;
  const w = new Worker(path.join(import.meta.dirname, 'compress-worker.ts'));
  // Idle, it does not keep the publisher (or a test) running.
  w.unref();
  w.on('message', ({ id, error }: Reply) => {
    const job = waiting.get(id);
    waiting.delete(id);
    if (error) job?.reject(new Error(`compressing a publish: ${error}`));
    else job?.resolve();
  });
  const fail = (err: Error) => {
    worker = null;
    for (const job of waiting.values()) job.reject(err);
    waiting.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the compression worker exited (${code})`)));
  worker = w;
  return w;
}

/** Writes the twins of `files` (precompress.ts's rule) in the worker thread. */
export function compressInWorker(files: readonly string[]): Promise<void> {
  if (files.length === 0) return Promise.resolve();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    started().postMessage({ id, files } satisfies Job);
  });
}

/** Stops the worker (the publisher is closing). */
export async function closeCompressWorker(): Promise<void> {
  const w = worker;
  worker = null;
  await w?.terminate();
}
