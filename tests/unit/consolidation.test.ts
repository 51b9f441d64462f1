/** When the publisher consolidates: after a sidebar change (once per burst), after N publishes, and on the weather clock. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConsolidationPolicy, consolidationFromEnv } from '../../publisher/consolidation.ts';
import type { SiteChange } from '../../publisher/webhook-event.ts';

describe('consolidation policy', () => {
  let due: string[];
  let ticks: SiteChange[];
  let policy: ConsolidationPolicy;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-27T08:00:00Z') });
    due = [];
    ticks = [];
    policy = new ConsolidationPolicy({ delayMs: 60_000, afterPublishes: 3, due: (reason) => due.push(reason), tick: (c) => ticks.push(c) });
  });
  afterEach(() => {
    policy.close();
    vi.useRealTimers();
  });

  it('consolidates once, a delay after the first of a burst of sidebar changes', async () => {
    policy.sidebarChanged();
    expect(policy.dueAt()).toBe('2026-11-27T08:01:00.000Z');
    vi.advanceTimersByTime(30_000);
    policy.sidebarChanged();
    policy.sidebarChanged();
    vi.advanceTimersByTime(29_999);
    expect(due).toEqual([]);
    const waiting = policy.waiting();
    vi.advanceTimersByTime(1);
    await waiting;
    expect(due).toEqual(['the sidebar changed']);
    expect(policy.dueAt()).toBeNull();
    vi.advanceTimersByTime(600_000);
    expect(due).toHaveLength(1);
  });

  it('drops a waiting consolidation when a full build starts anyway (it reads the change)', () => {
    policy.sidebarChanged();
    policy.fullBuildStarted();
    vi.advanceTimersByTime(120_000);
    expect(due).toEqual([]);
    expect(policy.waiting()).toBeNull();
  });

  it('consolidates after the set number of incremental publishes, counted from the last full build', () => {
    policy.published();
    policy.published();
    policy.fullBuildStarted();
    policy.published();
    policy.published();
    expect(due).toEqual([]);
    policy.published();
    expect(due).toEqual(['3 incremental publishes since the last full build']);
  });

  it('applies the weather note again when the clock reaches its moment, not before', () => {
    policy.setClock({ at: '2026-11-27T09:00:00.000Z', documentId: 'abcdefghij0123456789abcd' });
    vi.advanceTimersByTime(3_599_999);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ticks).toEqual([{ uid: 'api::weather-note.weather-note', documentId: 'abcdefghij0123456789abcd' }]);
  });

  it('waits past the longest timer for a moment weeks away, and forgets a replaced clock', () => {
    policy.setClock({ at: '2026-12-27T08:00:00.000Z', documentId: 'abcdefghij0123456789abcd' });
    policy.setClock({ at: '2027-01-27T08:00:00.000Z', documentId: 'bbbbbbbbbb0123456789abcd' });
    vi.advanceTimersByTime(31 * 86_400_000);
    expect(ticks).toEqual([]);
    vi.advanceTimersByTime(31 * 86_400_000);
    expect(ticks.map((t) => t.documentId)).toEqual(['bbbbbbbbbb0123456789abcd']);
  });

  it('reads the operator settings and refuses bad ones by name', () => {
    expect(consolidationFromEnv({ CONSOLIDATE_DELAY_SECONDS: '30', CONSOLIDATE_AFTER_PUBLISHES: '50' })).toEqual({ delayMs: 30_000, afterPublishes: 50 });
    expect(consolidationFromEnv({})).toEqual({ delayMs: undefined, afterPublishes: undefined });
    expect(() => consolidationFromEnv({ CONSOLIDATE_AFTER_PUBLISHES: '0' })).toThrow(/CONSOLIDATE_AFTER_PUBLISHES/);
  });
});
