/**
 * Background builds give way to readers: real child processes in a ProcessGroup, paused and
 * resumed by the reader-load governor, observed through the kernel's process state.
 */
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { processStat } from '../../publisher/lib/child-priority.ts';
import { ProcessGroup, type RunningProcess, startProcess } from '../../publisher/lib/processes.ts';
import { ReaderLoad, yieldToReaders } from '../../publisher/reader-load.ts';
import { eventually } from '../support/eventually.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The kernel's state letter for `pid`: R running, S sleeping, T stopped… */
const stateOf = async (pid: number) => processStat(String(pid))?.fields[0];
/** States of `pid` sampled every 20 ms for `ms`. */
const states = async (pid: number, ms: number) => {
  const seen: string[] = [];
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) seen.push((await stateOf(pid))!);
  return seen;
};
const busyChild = (group: ProcessGroup) => startProcess('busy', process.execPath, ['-e', 'for (;;) {}'], { cwd: tmpdir(), output: { quiet: true }, group });

describe('a background build under reader load', () => {
  const started: RunningProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop()));
  });

  it('is paused most of the time while readers are busy, runs some slices, and runs freely once they are not', async () => {
    const group = new ProcessGroup();
    const build = busyChild(group);
    started.push(build);
    const load = new ReaderLoad();
    const stop = yieldToReaders(load, group, { busyPerSecond: 100, sliceMs: 100 });
    try {
      // 2,500 requests a second, well above the threshold.
      const flood = setInterval(() => {
        for (let i = 0; i < 50; i++) load.request();
      }, 20);
      const underLoad = await states(build.pid, 2000);
      clearInterval(flood);
      const stopped = underLoad.filter((s) => s === 'T').length / underLoad.length;
      expect(stopped, underLoad.join('')).toBeGreaterThan(0.5);
      expect(underLoad, 'it still runs one slice in four').toContain('R');
      // The governor's next tick may still count the flood's last requests and pause once more:
      // wait until two whole slices pass unpaused, not for the first running sample (that may
      // be one of its slices).
      await eventually(async () => !(await states(build.pid, 250)).includes('T'), 'the build resumed once readers are quiet', 5000, 20);
      expect(await states(build.pid, 500), 'free again once readers are quiet').not.toContain('T');
    } finally {
      stop();
    }
  });

  it('gives both of two background tasks the whole reader load (a full build and the removal of old builds)', async () => {
    const load = new ReaderLoad();
    const groups = [new ProcessGroup(), new ProcessGroup()];
    const tasks = groups.map((group) => busyChild(group));
    started.push(...tasks);
    const stops = groups.map((group) => yieldToReaders(load, group, { busyPerSecond: 100, sliceMs: 100 }));
    try {
      // 150 requests a second: above the threshold, but not twice it.
      const flood = setInterval(() => {
        for (let i = 0; i < 3; i++) load.request();
      }, 20);
      const seen = await Promise.all(tasks.map((task) => states(task.pid, 2000)));
      clearInterval(flood);
      for (const [i, states] of seen.entries()) {
        const stopped = states.filter((s) => s === 'T').length / states.length;
        expect(stopped, `task ${i}: ${states.join('')}`).toBeGreaterThan(0.5);
      }
    } finally {
      for (const stop of stops) stop();
    }
  });

  it('pauses a step started while the group is paused, and stops a paused step promptly', async () => {
    const group = new ProcessGroup();
    group.pause();
    const step = busyChild(group);
    started.push(step);
    await eventually(async () => (await stateOf(step.pid)) === 'T', 'the new step paused with its group', 5000, 20);
    const t0 = Date.now();
    await step.stop();
    expect(Date.now() - t0, 'SIGTERM handled, not the 10 s SIGKILL grace').toBeLessThan(3000);
  });
});
