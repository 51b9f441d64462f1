/**
 * When the publisher brings the whole archive back in step with a full build in the background
 * (a consolidation), besides the first start and the changes only a full build shows:
 *
 * - A sidebar change (the poll, a weather note) is on every page. The render host shows it on the
 *   home page at once; every other page gets it from a consolidation `delayMs` later, so a burst
 *   of edits to a poll costs one build, not one per save.
 * - After `afterPublishes` incremental publishes: the overlay of files written since the last full
 *   build, the fresh search index and the render host's heap grow with each one; a consolidation
 *   resets all three, which is what keeps the publisher's memory and publish time bounded.
 * - The clock: a weather note starts or stops being valid at a set time. At that moment the note
 *   is applied again like an edit (home page at once, the rest by consolidation).
 *
 * Invariant: a full build that starts after a change has read it, so starting one (for any
 * reason) settles every consolidation asked for until then.
 */
import { z } from 'zod';
import { weatherNote } from '@tintinh/content-types';
import type { SidebarClock } from '../site/src/lib/render-protocol.ts';
import type { SiteChange } from './webhook-event.ts';

export interface ConsolidationOptions {
  /** How long after a sidebar change the consolidation starts (default 2 minutes). */
  delayMs?: number;
  /** Incremental publishes after which a consolidation starts (default 200). */
  afterPublishes?: number;
  /** A consolidation is due now: ask for a full build. */
  due: (reason: string) => void;
  /** The clock changed what the weather box shows: apply this change. */
  tick: (change: SiteChange) => void;
}

const fromEnv = z.object({
  CONSOLIDATE_DELAY_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
  CONSOLIDATE_AFTER_PUBLISHES: z.coerce.number().int().min(1).optional(),
});

/** The operator's settings (CONSOLIDATE_DELAY_SECONDS, CONSOLIDATE_AFTER_PUBLISHES); a bad value stops the start. */
export function consolidationFromEnv(env: NodeJS.ProcessEnv): Pick<ConsolidationOptions, 'delayMs' | 'afterPublishes'> {
  const parsed = fromEnv.safeParse(env);
  if (!parsed.success) throw new Error(`publisher settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { CONSOLIDATE_DELAY_SECONDS: delay, CONSOLIDATE_AFTER_PUBLISHES: afterPublishes } = parsed.data;
  return { delayMs: delay === undefined ? undefined : delay * 1000, afterPublishes };
}

/** setTimeout's longest wait; the clock re-arms until its moment has come. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ConsolidationPolicy {
  private delayed: { at: number; timer: NodeJS.Timeout; fired: Promise<void>; fire: () => void } | null = null;
  private clock: NodeJS.Timeout | null = null;
  private publishes = 0;
  private readonly delayMs: number;
  private readonly afterPublishes: number;
  private readonly opts: ConsolidationOptions;

  constructor(opts: ConsolidationOptions) {
    this.opts = opts;
    this.delayMs = opts.delayMs ?? 120_000;
    this.afterPublishes = opts.afterPublishes ?? 200;
  }

  /** The sidebar changed: consolidate after the delay (a consolidation already waiting stands). */
  sidebarChanged(): void {
    if (this.delayed) return;
    let fire!: () => void;
    const fired = new Promise<void>((resolve) => (fire = resolve));
    const timer = setTimeout(() => {
      this.delayed = null;
      this.opts.due('the sidebar changed');
      fire();
    }, this.delayMs);
    this.delayed = { at: Date.now() + this.delayMs, timer, fired, fire };
  }

  /** One incremental publish went live. */
  published(): void {
    if (++this.publishes === this.afterPublishes) this.opts.due(`${this.afterPublishes} incremental publishes since the last full build`);
  }

  /** A full build started reading the CMS: it settles everything asked for so far. */
  fullBuildStarted(): void {
    this.publishes = 0;
    if (!this.delayed) return;
    clearTimeout(this.delayed.timer);
    this.delayed.fire();
    this.delayed = null;
  }

  /** When the live data's weather box next changes by the clock alone. */
  setClock(clock: SidebarClock): void {
    if (this.clock) clearTimeout(this.clock);
    this.clock = null;
    if (!clock) return;
    const at = new Date(clock.at).getTime();
    const arm = () => {
      const wait = at - Date.now();
      this.clock = setTimeout(
        () => {
          if (Date.now() < at) return arm();
          this.clock = null;
          this.opts.tick({ uid: weatherNote.uid, documentId: clock.documentId });
        },
        Math.min(Math.max(0, wait), MAX_TIMER_MS),
      );
    };
    arm();
  }

  /** When the waiting consolidation starts, if one waits. */
  dueAt(): string | null {
    return this.delayed ? new Date(this.delayed.at).toISOString() : null;
  }

  /** Resolves when the waiting consolidation has been asked for (null: none waits). */
  waiting(): Promise<void> | null {
    return this.delayed?.fired ?? null;
  }

  close(): void {
    if (this.clock) clearTimeout(this.clock);
    if (this.delayed) clearTimeout(this.delayed.timer);
    this.delayed?.fire();
    this.clock = this.delayed = null;
  }
}
