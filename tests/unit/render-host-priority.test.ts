/**
 * The render host works while readers are served: every one of its threads runs below the static
 * server's priority, V8's garbage-collection helpers and the thread pool included (they exist
 * before the host's script runs, so lowering the main thread alone left them at the readers'
 * priority). The host here loads a stub build entry; the kernel's values are read from /proc.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { childrenRunning, threadNiceness } from '../../publisher/lib/child-priority.ts';
import { type RenderHost, startRenderHost } from '../../publisher/render-host-process.ts';

let work: string | undefined;
let host: RenderHost | undefined;

afterAll(async () => {
  await host?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A build whose server entry answers the host's warm-up load with an empty archive. */
async function stubBuild(dir: string): Promise<void> {
  await mkdir(path.join(dir, '.server'), { recursive: true });
  await writeFile(
    path.join(dir, '.server', 'entry.mjs'),
    `export const handler = (req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ articles: 0, sidebarClock: null }));
};\n`,
  );
}

it('runs every thread of the render host below the readers’ priority', async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tintinh-render-priority-'));
  await stubBuild(work);
  host = await startRenderHost(work, {}, () => undefined);
  // Our child whose command line names the stub build.
  const hosts = childrenRunning(work);
  expect(hosts).toHaveLength(1);
  const niceness = threadNiceness(hosts[0]!);
  // Node starts a handful of helper threads before any script runs.
  expect(niceness.length).toBeGreaterThan(4);
  expect(
    niceness.every((n) => n >= 10),
    `niceness of the host's threads: ${niceness.join(', ')}`,
  ).toBe(true);
});
