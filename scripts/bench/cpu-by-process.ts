/**
 * Where the CPU goes during a bench window: CPU seconds of this process and of every process it
 * started (CMS, render host, Pagefind, autocannon, build steps), labelled by what they run, plus
 * the machine's busy time outside them. Read from /proc before and after the window (Linux only;
 * elsewhere nothing is found). A process that starts and exits inside the window counts under
 * "exited children of <its parent>" through its parent's accounting: for the bench's own process
 * that is mostly autocannon, which exits before the window's last sample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type ProcessStat, processStat } from '../../publisher/lib/child-priority.ts';

/** Kernel clock ticks per second (USER_HZ): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** Labels by what a command line runs, first match wins; anything else goes by its command name. */
const LABELS: Array<[RegExp, string]> = [
  [/render-host\.ts/, 'render host'],
  [/autocannon/, 'autocannon (load)'],
  [/pagefind/, 'pagefind'],
  [/strapi\.js/, 'cms (strapi)'],
  [/astro/, 'astro build'],
  [/precompress-process\.ts/, 'compression'],
  [/search-fragments-process\.ts/, 'search map'],
];

interface Sample {
  /** Ticks by pid: own (utime + stime) and reaped children's (cutime + cstime). */
  byPid: Map<number, { label: string; own: number; reaped: number }>;
  /** The machine's busy ticks (all cores) since boot. */
  busy: number;
}

function machineBusyTicks(): number {
  // cpu  user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return fields.slice(0, 8).reduce((sum, n, i) => (i === 3 || i === 4 ? sum : sum + n), 0);
}

function labelOf(pid: number, comm: string): string {
  if (pid === process.pid) return 'publisher (static server)';
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    // gone meanwhile
  }
  return LABELS.find(([pattern]) => pattern.test(cmdline))?.[1] ?? comm;
}

/** This process and its descendants, with their CPU ticks so far. */
export function sampleCpu(): Sample {
  const stats = new Map<number, ProcessStat>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid));
  } catch {
    // no /proc
  }
  for (const pid of pids) {
    const stat = processStat(pid);
    if (stat) stats.set(Number(pid), stat);
  }
  const ours = new Set([process.pid]);
  // Parents are not always listed before their children: repeat until nothing joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, stat] of stats)
      if (!ours.has(pid) && ours.has(Number(stat.fields[1]))) {
        ours.add(pid);
        grew = true;
      }
  }
  const byPid: Sample['byPid'] = new Map();
  for (const pid of ours) {
    const stat = stats.get(pid);
    // After the name: utime, stime, cutime, cstime are fields 14–17 of stat, indexes 11–14 here.
    if (stat)
      byPid.set(pid, {
        label: labelOf(pid, stat.comm),
        own: Number(stat.fields[11]) + Number(stat.fields[12]),
        reaped: Number(stat.fields[13]) + Number(stat.fields[14]),
      });
  }
  return { byPid, busy: machineBusyTicks() };
}

/** CPU seconds between two samples by label, largest first, with the machine's busy time outside us. */
export function cpuSecondsBetween(before: Sample, after: Sample): Record<string, number> {
  const totals = new Map<string, number>();
  const add = (label: string, ticks: number) => totals.set(label, (totals.get(label) ?? 0) + ticks);
  let ours = 0;
  for (const [pid, now] of after.byPid) {
    const then = before.byPid.get(pid);
    const own = now.own - (then?.own ?? 0);
    const reaped = now.reaped - (then?.reaped ?? 0);
    add(now.label, own);
    // Reaped inside the window. The bench's own are autocannon (it exits before the last sample)
    // and short-lived helpers such as the removal of a pruned build.
    add(pid === process.pid ? 'exited children of the bench (autocannon, removals)' : `exited children of ${now.label}`, reaped);
    ours += own + reaped;
  }
  add('outside the bench', Math.max(0, after.busy - before.busy - ours));
  return Object.fromEntries(
    [...totals]
      .filter(([, ticks]) => ticks > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([label, ticks]) => [label, Number((ticks / TICKS_PER_SECOND).toFixed(2))]),
  );
}
