/**
 * Questions the CMS asks of the content model (which fields a published entry needs, where a slug
 * comes from, what to load to check them), answered from the definitions in types/ so that no
 * other package restates them.
 */
import type { Attr, ContentTypeDefinition } from './define.js';

type AnyContentType = ContentTypeDefinition<Record<string, Attr>>;

/** Attributes an entry must have to be published (Strapi enforces `required` only then). */
export function requiredFields(type: AnyContentType): string[] {
  return Object.entries(type.attributes)
    .filter(([, a]) => a.strapi.required === true)
    .map(([name]) => name);
}

/** Required attributes stored outside the entry's row (relations, components, media): loaded to check them. */
export function requiredLinks(type: AnyContentType): string[] {
  return requiredFields(type).filter((name) => ['relation', 'component', 'media'].includes(type.attributes[name]!.strapi.type));
}

/** The type's uid field (its slug) and the field it is made from, or null. */
export function slugSource(type: AnyContentType): { field: string; source: string } | null {
  for (const [field, a] of Object.entries(type.attributes)) {
    if (a.strapi.type === 'uid' && typeof a.strapi.targetField === 'string') return { field, source: a.strapi.targetField };
  }
  return null;
}

/** How error messages name the type: "Article", "Category"… */
export const typeLabel = (type: AnyContentType): string =>
  type.singularName.charAt(0).toUpperCase() + type.singularName.slice(1).replace(/-(\w)/g, (_, c: string) => ` ${c}`);
