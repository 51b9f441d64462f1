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
    attributes: Object.fromEntries(Object.entries(def.attributes).map(([name, a]) => [name, a.strapi])),
    ...(def.indexes ? { indexes: def.indexes } : {}),
  };
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
