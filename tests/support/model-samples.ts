/**
 * Values for one attribute of the content model, drawn from a seed around the bounds its Strapi
 * half declares (lengths at and past maxLength, strings outside a regex, enum members and
 * strangers, dates in and out of ISO form). The model-agreement test sends each to the real CMS
 * and compares the verdict with the attribute's zod half.
 */
import type { StrapiAttribute } from '@tintinh/content-types';
import type { SeededRandom } from './seeded-random.ts';

const TEXT_CHARS = [...'abcdeghiklmnopqrstuvxyđăâêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữự ĐĂÂÊÔƠƯ0123456789 ,.;:-–"“”()!?', '🌾', '\n'];
const SLUG_CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789-----', 'A', 'Đ', ' ', '_', '/', '.'];

const textOf = (random: SeededRandom, chars: readonly string[], length: number) => Array.from({ length }, () => random.pick(chars)).join('');

/** A few values for `attribute`, some valid and some not, around its declared bounds. */
export function sampleValues(attribute: StrapiAttribute, random: SeededRandom, count: number): unknown[] {
  const max = typeof attribute.maxLength === 'number' ? attribute.maxLength : 300;
  const min = typeof attribute.minLength === 'number' ? attribute.minLength : 0;
  const lengths = () => random.pick([0, 1, Math.max(0, min - 1), min, max - 1, max, max + 1, random.int(max + 5)]);
  switch (attribute.type) {
    case 'string':
    case 'text':
    case 'richtext':
    case 'email':
      return Array.from({ length: count }, () => textOf(random, TEXT_CHARS, lengths()));
    case 'uid':
      return Array.from({ length: count }, () => {
        const slug = textOf(random, SLUG_CHARS, lengths());
        // Mostly well-formed: separate with single hyphens, as an editor would type.
        return random.next() < 0.6
          ? slug
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-|-$/g, '')
          : slug;
      });
    case 'boolean':
      return [true, false];
    case 'datetime':
      return Array.from({ length: count }, () =>
        random.pick([
          new Date(Date.UTC(2000 + random.int(40), random.int(12), 1 + random.int(28), random.int(24), random.int(60))).toISOString(),
          `20${10 + random.int(20)}-0${1 + random.int(9)}-1${random.int(10)}T0${random.int(10)}:30:00+07:00`,
          '2022-13-45T00:00:00.000Z',
          'ngày mai',
        ]),
      );
    case 'enumeration': {
      const members = Array.isArray(attribute.enum) ? (attribute.enum as string[]) : [];
      return [...members, textOf(random, TEXT_CHARS, 1 + random.int(12)), members[0]?.toUpperCase() ?? 'X'];
    }
    case 'integer': {
      const lo = typeof attribute.min === 'number' ? attribute.min : -1000;
      const hi = typeof attribute.max === 'number' ? attribute.max : 1000;
      return [lo - 1, lo, hi, hi + 1, lo + random.int(Math.max(1, hi - lo)), 1.5];
    }
    default:
      return [];
  }
}
