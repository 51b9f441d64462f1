/**
 * Lowers the CPU priority of a whole process: our own background children (the render host, the
 * compression and search-map children) and children a library spawned for us and does not hand
 * back (Pagefind's indexing service, found in /proc by parent and name). Linux keeps a priority
 * per thread, and a thread inherits its creator's, so every thread is lowered and the threads
 * started later follow them. `os.setPriority()` alone lowers only the calling thread: Node's
 * garbage-collection helpers and thread pool, started before any script runs, stayed at the
 * readers' priority. Linux only; elsewhere (no /proc) nothing is found and nothing changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** A /proc stat line: the command name, and the fields after it (state, parent, …). */
export interface ProcessStat {
  comm: string;
  fields: string[];
}

/**
 * The stat line of `<pid>` or `<pid>/task/<tid>`, split after the name, since the name may itself
 * hold spaces and parentheses. Null once gone.
 */
export function processStat(pid: string): ProcessStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), fields: stat.slice(close + 2).split(' ') };
  } catch {
    return null; // gone meanwhile
  }
}

/** Our children (pids as /proc lists them) for which `matches` holds; none without /proc. */
export function childrenWhere(matches: (pid: string, stat: ProcessStat) => boolean): number[] {
  const own = String(process.pid);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.flatMap((pid) => {
    if (!/^\d+$/.test(pid)) return [];
    const stat = processStat(pid);
    // fields[1] is the parent's pid.
    return stat && stat.fields[1] === own && matches(pid, stat) ? [Number(pid)] : [];
  });
}

/** Our children whose command name starts with `prefix`. */
export function childrenNamed(prefix: string): number[] {
  return childrenWhere((_pid, stat) => stat.comm.startsWith(prefix));
}

/** Our children whose command line holds `text` (Node names its main thread "MainThread", so a Node child is found this way). */
export function childrenRunning(text: string): number[] {
  return childrenWhere((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** The nice value of every thread of `pid` (for checks). */
export function threadNiceness(pid: number): number[] {
  const tids = readdirSync(`/proc/${pid}/task`);
  // After the name: state, ppid, …; nice is field 19 of stat, index 16 here.
  return tids.flatMap((tid) => {
    const stat = processStat(`${pid}/task/${tid}`);
    return stat ? [Number(stat.fields[16])] : [];
  });
}

/** Runs the rest of this process, every thread, at `niceness` (at normal priority where not permitted). */
export function lowerOwnPriority(niceness: number): void {
  // The calling thread first, for systems without /proc.
  try {
    setPriority(niceness);
  } catch {
    // not permitted here: run at normal priority
  }
  lowerPriority(process.pid, niceness);
}

/** Sets every thread of `pid` to `niceness`; answers whether it could. */
export function lowerPriority(pid: number, niceness: number): boolean {
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) setPriority(Number(tid), niceness);
    return true;
  } catch {
    return false; // gone, or not permitted here
  }
}
