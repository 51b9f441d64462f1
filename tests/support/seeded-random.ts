/**
 * Deterministic random choices from a seed (mulberry32): every seeded test prints its seed on
 * failure, and the same seed replays the same sequence.
 */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return { next, int, pick: <T>(list: readonly T[]) => list[int(list.length)]! };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
