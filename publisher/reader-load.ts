/**
 * Background builds give way to readers. The static server counts its requests; while readers
 * keep it busy, a background full build runs one slice of time in four and is paused for the
 * rest (SIGSTOP / SIGCONT to its processes, ProcessGroup in lib/processes.ts).
 *
 * Why not priority alone: full builds already run at nice 10, yet on this 2-core VM a 200,000-
 * article build still took a third of the readers' throughput (sampled per process, 2026-11-29:
 * the server fell from a full core to 60–75 % while the build, at nice 10, used 70–90 % of the
 * other core; the server and the load generator together leave that core partly idle, and a
 * second busy core slows the first). A paused build costs readers nothing, and the CMS it reads
 * from idles with it (background builds ask for one page at a time).
 *
 * The price: under sustained load a background build (a consolidation, a code change) takes up
 * to four times as long. Publishes do not wait for it: they go on incrementally meanwhile.
 */
import type { ProcessGroup } from './lib/processes.ts';

export interface YieldOptions {
  /** Requests per second from which readers count as busy (READERS_BUSY_RPS, default 200). */
  busyPerSecond: number;
  /** Length of a slice (default 250 ms). */
  sliceMs?: number;
  /** Under load, the build runs one slice in this many (default 4). */
  runOneIn?: number;
}

/**
 * The static server's running count of requests. Each background task that gives way to readers
 * (a full build, the removal of old builds) reads it on its own clock, so two at once both see
 * the whole load (a count that each look reset would split it between them).
 */
export class ReaderLoad {
  private answered = 0;

  request(): void {
    this.answered++;
  }

  /** Requests another server answered (an nginx edge on this machine, read from its status page). */
  add(requests: number): void {
    this.answered += requests;
  }

  /** Requests answered so far. */
  get total(): number {
    return this.answered;
  }
}

/** READERS_BUSY_RPS, or 200 requests a second. */
export function busyPerSecond(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.READERS_BUSY_RPS);
  return Number.isFinite(configured) && configured > 0 ? configured : 200;
}

/**
 * Pauses `group` for most of each cycle while `load` says readers are busy, until the returned
 * function is called (the group is then left running).
 */
export function yieldToReaders(load: ReaderLoad, group: ProcessGroup, opts: YieldOptions): () => void {
  const sliceMs = opts.sliceMs ?? 250;
  const runOneIn = opts.runOneIn ?? 4;
  let slice = 0;
  let seen = load.total;
  const timer = setInterval(() => {
    const perSecond = ((load.total - seen) * 1000) / sliceMs;
    seen = load.total;
    if (perSecond < opts.busyPerSecond) {
      slice = 0;
      group.resume();
      return;
    }
    slice = (slice + 1) % runOneIn;
    if (slice === 0) group.resume();
    else group.pause();
  }, sliceMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    group.resume();
  };
}

/**
 * A background task's group gives way to readers at READERS_BUSY_RPS from `env` (a full build, the
 * removal of old builds); without the server's count (a CLI build) nothing is paused. Returns the
 * function that stops yielding.
 */
export function yieldWhenBusy(load: ReaderLoad | undefined, group: ProcessGroup, env: NodeJS.ProcessEnv): () => void {
  return load ? yieldToReaders(load, group, { busyPerSecond: busyPerSecond(env) }) : () => {};
}

/** nginx's stub_status page: "…server accepts handled requests\n N N N…". */
const STUB_REQUESTS = /\n\s*\d+\s+\d+\s+(\d+)/;

/**
 * Counts the requests an nginx edge on this machine answers into `load`, from its stub_status page
 * (`statusUrl`, loopback only: nginx-site.ts), read every `everyMs`. Readers on nginx give way
 * to nothing, but the publisher's background work must still give way to them. Answers the
 * function that stops reading.
 */
export function countNginxRequests(load: ReaderLoad, statusUrl: string, everyMs = 250): () => void {
  let last: number | null = null;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    fetch(statusUrl, { signal: AbortSignal.timeout(everyMs * 4) })
      .then((res) => res.text())
      .then((text) => {
        const total = Number(STUB_REQUESTS.exec(text)?.[1]);
        if (!Number.isFinite(total)) return;
        if (last !== null && total >= last) load.add(total - last);
        last = total;
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
