/**
 * The content model is written once, as attribute builders. Each builder yields both halves:
 * the Strapi attribute (serialised into cms/src/.../schema.json) and the zod validator for the
 * same field as the REST API returns it (used by the site to check every entry it builds from).
 */
import { z } from 'zod';

export type StrapiAttribute = { type: string } & Record<string, unknown>;

export interface Attr<Z extends z.ZodType = z.ZodType> {
  readonly strapi: StrapiAttribute;
  readonly zod: Z;
  /** How the admin shows the field (see `labelled`); the CMS applies it at every start. */
  readonly admin?: AdminField;
}

/** A field as editors see it in the admin's edit and list views. */
export interface AdminField {
  /** The Vietnamese label. */
  readonly label: string;
  /** Help text under the input. */
  readonly hint?: string;
  /** false: shown but set by the server (vote counts, correction dates). */
  readonly editable?: boolean;
  /** false: the server's bookkeeping, not shown in the edit view. */
  readonly visible?: boolean;
}

/** An attribute with the label (and help text) editors see, written beside its definition. */
export function labelled<A extends Attr>(label: string, a: A, more: Omit<AdminField, 'label'> = {}): A {
  return { ...a, admin: { label, ...more } };
}

type Common = { private?: boolean; configurable?: boolean };
type StringOpts = Common & { maxLength?: number; minLength?: number; default?: string; regex?: string };

/**
 * The zod half of a textual attribute: every bound the Strapi half declares, checked the same.
 * Lengths are counted as Strapi counts them, in UTF-16 code units (an emoji is two); zod's own
 * min/max count code points and let through text the CMS refuses.
 */
const boundedString = (o: StringOpts) => {
  let s = z.string();
  const { minLength, maxLength, regex } = o;
  if (minLength !== undefined) s = s.refine((v) => v.length >= minLength, `must be at least ${minLength} characters`);
  if (maxLength !== undefined) s = s.refine((v) => v.length <= maxLength, `must be at most ${maxLength} characters`);
  if (regex !== undefined) s = s.regex(new RegExp(regex));
  return s;
};

/** The column PostgreSQL gives a Strapi `string`: varchar(255). A longer value is a server error there. */
export const STRING_COLUMN_MAX = 255;

function textual(type: 'string' | 'text' | 'richtext' | 'email') {
  function build(o: StringOpts & { required: true }): Attr<z.ZodString>;
  // Optional fields may be null or, when private, absent from API answers altogether.
  function build(o?: StringOpts & { required?: false }): Attr<z.ZodOptional<z.ZodNullable<z.ZodString>>>;
  function build(o: StringOpts & { required?: boolean } = {}): Attr<z.ZodString | z.ZodOptional<z.ZodNullable<z.ZodString>>> {
    if (type === 'string' && (o.maxLength === undefined || o.maxLength > STRING_COLUMN_MAX)) {
      throw new Error(`attr.string needs a maxLength of at most ${STRING_COLUMN_MAX} (its PostgreSQL column); use attr.text for longer text`);
    }
    const base = boundedString(o);
    return { strapi: { type, ...o }, zod: o.required ? base : base.nullable().optional() };
  }
  return build;
}

export const attr = {
  /**
   * The admin's search column (defineContentType's `adminSearch`): kept by the CMS (what a caller
   * sends for it is dropped), never in a public API answer; the content manager shows it to
   * whoever may read the entry, as it holds nothing more than the fields it is folded from.
   */
  searchText(): Attr<z.ZodOptional<z.ZodNullable<z.ZodString>>> {
    return { strapi: { type: 'text', private: true, configurable: false }, zod: z.string().nullable().optional() };
  },
  string: textual('string'),
  text: textual('text'),
  /** Markdown source: Strapi's "richtext" field is its Markdown editor. */
  markdown: textual('richtext'),
  email: textual('email'),

  uid(o: { targetField: string; required?: boolean; minLength?: number; maxLength?: number; regex?: string }): Attr<z.ZodString> {
    return { strapi: { type: 'uid', ...o }, zod: boundedString(o) };
  },

  boolean(o: Common & { default: boolean }): Attr<z.ZodBoolean> {
    return { strapi: { type: 'boolean', ...o }, zod: z.boolean() };
  },

  integer(o: Common & { min?: number; max?: number; default?: number; required?: boolean } = {}): Attr<z.ZodNumber> {
    let n = z.number().int();
    if (o.min !== undefined) n = n.min(o.min);
    if (o.max !== undefined) n = n.max(o.max);
    return { strapi: { type: 'integer', ...o }, zod: n };
  },

  datetime: (() => {
    function build(o: Common & { required: true }): Attr<z.ZodISODateTime>;
    function build(o?: Common & { required?: false }): Attr<z.ZodNullable<z.ZodISODateTime>>;
    function build(o: Common & { required?: boolean } = {}): Attr<z.ZodISODateTime | z.ZodNullable<z.ZodISODateTime>> {
      const d = z.iso.datetime({ offset: true });
      return { strapi: { type: 'datetime', ...o }, zod: o.required ? d : d.nullable() };
    }
    return build;
  })(),

  enumeration<const V extends readonly [string, ...string[]]>(
    values: V,
    o: Common & { default: V[number]; required?: boolean },
  ): Attr<z.ZodEnum<{ [K in V[number]]: K }>> {
    return { strapi: { type: 'enumeration', enum: [...values], ...o }, zod: z.enum(values) };
  },

  /** An enumeration kept from the public API (editorial bookkeeping): answers leave it out. */
  privateEnumeration<const V extends readonly [string, ...string[]]>(
    values: V,
    o: { default: V[number] },
  ): Attr<z.ZodOptional<z.ZodNullable<z.ZodEnum<{ [K in V[number]]: K }>>>> {
    return { strapi: { type: 'enumeration', enum: [...values], private: true, ...o }, zod: z.enum(values).nullable().optional() };
  },

  /** A single image from the media library; the API returns it with all stored formats. */
  image(o: Common & { required?: boolean } = {}): Attr<z.ZodOptional<z.ZodNullable<typeof mediaSchema>>> {
    return {
      strapi: { type: 'media', multiple: false, allowedTypes: ['images'], ...o },
      zod: mediaSchema.nullable().optional(),
    };
  },

  /** A to-one relation; the zod half describes the related entry when it is populated. */
  belongsTo<Z extends z.ZodType>(
    target: string,
    related: () => Z,
    o: Common & { required?: boolean; inversedBy?: string } = {},
  ): Attr<z.ZodOptional<z.ZodNullable<z.ZodLazy<Z>>>> {
    return {
      strapi: { type: 'relation', relation: 'manyToOne', target, ...o },
      zod: z.lazy(related).nullable().optional(),
    };
  },

  /** A many-to-many relation, owned by this side. */
  manyToMany<Z extends z.ZodType>(
    target: string,
    related: () => Z,
    o: Common & { inversedBy?: string; mappedBy?: string } = {},
  ): Attr<z.ZodOptional<z.ZodArray<z.ZodLazy<Z>>>> {
    return {
      strapi: { type: 'relation', relation: 'manyToMany', target, ...o },
      zod: z.array(z.lazy(related)).optional(),
    };
  },

  repeatable<Z extends z.ZodType>(
    component: ComponentDefinition<Record<string, Attr>>,
    item: Z,
    o: Common & { min?: number; max?: number; required?: boolean } = {},
  ): Attr<z.ZodArray<Z>> {
    let arr = z.array(item);
    if (o.min !== undefined) arr = arr.min(o.min);
    if (o.max !== undefined) arr = arr.max(o.max);
    return {
      strapi: { type: 'component', repeatable: true, component: component.uid, ...o },
      zod: arr,
    };
  },
};

const imageFormatSchema = z.object({
  url: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  mime: z.string(),
  size: z.number().optional(),
});

/** A media file's own fields as the site reads them (Strapi adds `id` and `documentId`). */
const mediaFields = {
  url: z.string(),
  alternativeText: z.string().nullable(),
  caption: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  mime: z.string(),
  /** Kilobytes, as Strapi stores it. */
  size: z.number().nonnegative().optional(),
  formats: z.record(z.string(), imageFormatSchema).nullable(),
};

export const mediaSchema = z.object({
  id: z.number().int(),
  documentId: z.string(),
  ...mediaFields,
});
export type Media = z.infer<typeof mediaSchema>;
/** What a cover is populated with: nothing else of the upload's bookkeeping (hash, provider, timestamps). */
export const MEDIA_FIELDS = ['url', 'alternativeText', 'caption', 'width', 'height', 'mime', 'size', 'formats'] as const satisfies ReadonlyArray<
  keyof typeof mediaFields
>;

type ZodShapeOf<A extends Record<string, Attr>> = { [K in keyof A]: A[K]['zod'] };

export interface ContentTypeDefinition<A extends Record<string, Attr>> {
  /** api::<singular>.<singular> */
  readonly uid: string;
  readonly kind: 'collectionType';
  readonly collectionName: string;
  readonly singularName: string;
  readonly pluralName: string;
  readonly displayName: string;
  readonly description: string;
  readonly draftAndPublish: boolean;
  readonly attributes: A;
  /** Database indexes (Strapi's experimental `indexes` key), e.g. for slug lookups. */
  readonly indexes?: ReadonlyArray<{ name: string; columns: string[] }>;
  /** The one column the admin's search box reads, and the fields it is folded from (defineContentType). */
  readonly adminSearch?: { readonly field: string; readonly from: readonly string[] };
  /** The entry as the REST API returns it, system fields included. */
  readonly entrySchema: z.ZodObject<ZodShapeOf<A> & typeof systemShape>;
  /**
   * The entry as another entry's populated relation is read (an article's category): its own
   * public fields (`linkFields`) and ids, without timestamps nobody shows.
   */
  readonly linkSchema: z.ZodObject<ZodShapeOf<A> & typeof linkShape>;
  readonly linkFields: readonly string[];
}

export interface ComponentDefinition<A extends Record<string, Attr>> {
  /** <category>.<name> */
  readonly uid: string;
  readonly category: string;
  readonly name: string;
  readonly displayName: string;
  readonly collectionName: string;
  readonly attributes: A;
  readonly itemSchema: z.ZodObject<ZodShapeOf<A> & { id: z.ZodNumber }>;
}

/**
 * A Strapi 5 document id as it appears in URLs and webhooks (a cuid2: lowercase letters and
 * digits). Checked wherever one arrives from outside: route parameters, webhook payloads.
 */
export const documentIdSchema = z.string().regex(/^[a-z0-9]{10,40}$/, 'not a document id');

const systemShape = {
  id: z.number().int(),
  documentId: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  publishedAt: z.iso.datetime({ offset: true }).nullable().optional(),
};

const linkShape = { id: systemShape.id, documentId: systemShape.documentId };

/** Fields a relation is populated with: the public scalar ones (relations, media and private fields left out). */
function publicScalarFields<A extends Record<string, Attr>>(attributes: A): Array<keyof A & string> {
  const nested = new Set(['relation', 'media', 'component']);
  return Object.entries(attributes)
    .filter(([, a]) => !nested.has(String(a.strapi.type)) && a.strapi.private !== true)
    .map(([name]) => name);
}

function zodShape<A extends Record<string, Attr>>(attributes: A): ZodShapeOf<A> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, a] of Object.entries(attributes)) shape[name] = a.zod;
  return shape as ZodShapeOf<A>;
}

export function defineContentType<A extends Record<string, Attr>>(def: {
  singularName: string;
  pluralName: string;
  displayName: string;
  description: string;
  draftAndPublish: boolean;
  attributes: A;
  indexes?: ReadonlyArray<{ name: string; columns: string[] }>;
  /**
   * The admin's search box (`_q`) reads this one column alone, which the CMS keeps as the folded
   * text of `from` (cms/src/search/admin-search.ts): typed with or without diacritics, in any case,
   * it finds the same entries, and a search scans one short column instead of every text field.
   */
  adminSearch?: { readonly field: keyof A & string; readonly from: ReadonlyArray<keyof A & string> };
}): ContentTypeDefinition<A> & { readonly linkFields: ReadonlyArray<keyof A & string> } {
  return {
    uid: `api::${def.singularName}.${def.singularName}`,
    kind: 'collectionType',
    collectionName: def.pluralName.replace(/-/g, '_'),
    ...def,
    entrySchema: z.object({ ...zodShape(def.attributes), ...systemShape }),
    linkSchema: z.object({ ...zodShape(def.attributes), ...linkShape }),
    linkFields: publicScalarFields(def.attributes),
  };
}

export function defineComponent<A extends Record<string, Attr>>(def: {
  category: string;
  name: string;
  displayName: string;
  attributes: A;
}): ComponentDefinition<A> {
  return {
    uid: `${def.category}.${def.name}`,
    collectionName: `components_${def.category}_${def.name}s`.replace(/-/g, '_'),
    ...def,
    itemSchema: z.object({ ...zodShape(def.attributes), id: z.number().int() }),
  };
}
