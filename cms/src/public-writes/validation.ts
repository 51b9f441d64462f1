import { z } from 'zod';

const vietnamese = z.locales.vi();

/** Parses with zod, reporting problems in Vietnamese (readers see these messages). */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown) {
  return schema.safeParse(data, { error: vietnamese.localeError });
}
