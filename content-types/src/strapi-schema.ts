import type { Attr, ComponentDefinition, ContentTypeDefinition } from './define.js';

/** The schema.json Strapi loads for a content type, generated from its definition. */
export function toStrapiContentTypeSchema(def: ContentTypeDefinition<Record<string, Attr>>): Record<string, unknown> {
  return {
    kind: def.kind,
    collectionName: def.collectionName,
    info: {
      singularName: def.singularName,
      pluralName: def.pluralName,
      displayName: def.displayName,
      description: def.description,
    },
    options: { draftAndPublish: def.draftAndPublish },
    pluginOptions: {},
    attributes: Object.fromEntries(Object.entries(def.attributes).map(([name, a]) => [name, searchableIn(def, name, a.strapi)])),
    ...(def.indexes ? { indexes: def.indexes } : {}),
  };
}

/** Strapi's search (`_q`) reads every text column unless told otherwise. */
const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'text', 'richtext', 'email', 'uid', 'enumeration']);

/** With an admin search column, every other text attribute is left out of Strapi's search. */
function searchableIn(def: ContentTypeDefinition<Record<string, Attr>>, name: string, attribute: Attr['strapi']): Attr['strapi'] {
  if (!def.adminSearch || name === def.adminSearch.field || !TEXT_TYPES.has(attribute.type)) return attribute;
  return { ...attribute, searchable: false };
}

export function toStrapiComponentSchema(def: ComponentDefinition<Record<string, Attr>>): Record<string, unknown> {
  return {
    collectionName: def.collectionName,
    info: { displayName: def.displayName },
    options: {},
    attributes: Object.fromEntries(Object.entries(def.attributes).map(([name, a]) => [name, a.strapi])),
  };
}

/** Where each generated file lives inside the cms package, with its JSON text. */
export function strapiSchemaFiles(
  types: ReadonlyArray<ContentTypeDefinition<Record<string, Attr>>>,
  comps: ReadonlyArray<ComponentDefinition<Record<string, Attr>>>,
): Array<{ path: string; json: string }> {
  const files = types.map((t) => ({
    path: `src/api/${t.singularName}/content-types/${t.singularName}/schema.json`,
    json: `${JSON.stringify(toStrapiContentTypeSchema(t), null, 2)}\n`,
  }));
  for (const c of comps) {
    files.push({ path: `src/components/${c.category}/${c.name}.json`, json: `${JSON.stringify(toStrapiComponentSchema(c), null, 2)}\n` });
  }
  return files;
}
