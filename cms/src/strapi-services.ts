/**
 * Strapi's own services the project calls (the admin's users, roles, permissions and tokens; the
 * content manager's permission checker and view configuration), typed once here with the slice of
 * each that is used. Strapi's registry returns them untyped: this is the one place that says
 * what they are, as services.ts does for the project's own. A Strapi upgrade that changes one
 * signature is then fixed here, and the route matrix (tests/api/route-matrix.test.ts) tells.
 */
import type { Core } from '@strapi/strapi';

export interface AdminUser {
  id: number;
}
export interface AdminRole {
  id: number;
  code: string;
}

interface AdminServices {
  'admin::user': {
    exists(params?: { email: string }): Promise<boolean>;
    create(attributes: Record<string, unknown>): Promise<AdminUser>;
    findOne(id: number, populate: string[]): Promise<object | null>;
  };
  'admin::role': {
    findOne(params: { code: string }): Promise<AdminRole | null>;
    getUsersCount(roleId: number): Promise<number>;
    deleteByIds(ids: number[]): Promise<unknown>;
    create(attributes: { name: string; code: string; description: string }): Promise<AdminRole>;
    update(params: { id: number }, attributes: { name: string; description: string }): Promise<AdminRole>;
    assignPermissions(roleId: number, permissions: unknown[]): Promise<unknown>;
  };
  'admin::content-type': {
    getNestedFields(model: unknown, options: { components: unknown }): string[];
  };
  'admin::permission': {
    createPermissionsManager(opts: { ability: unknown; action: string; model: string }): {
      ability: { can(action: string, subject: unknown): boolean };
      toSubject(entity: object, model?: string): unknown;
    };
  };
  'admin::api-token-content-api': {
    hash(accessKey: string): string;
    getByAccessKey(hash: string): Promise<{ id: number; name: string } | null>;
    getByName(name: string): Promise<{ id: number } | null>;
    revoke(id: number): Promise<unknown>;
    create(attrs: Record<string, unknown>): Promise<{ accessKey: string }>;
    update(id: number, attrs: Record<string, unknown>): Promise<unknown>;
  };
}

/** A field's edit and list settings in the content manager's view configuration. */
export interface FieldMeta {
  edit: Record<string, unknown>;
  list: Record<string, unknown>;
}
export interface ViewConfig {
  settings: Record<string, unknown>;
  layouts: { list: string[] } & Record<string, unknown>;
  metadatas: Record<string, FieldMeta>;
}
export interface ConfigurationService {
  findConfiguration(model: unknown): Promise<ViewConfig>;
  updateConfiguration(model: unknown, config: ViewConfig): Promise<unknown>;
}

interface ContentManagerServices {
  'permission-checker': {
    create(params: { userAbility: unknown; model: string }): { cannot: { read(entity?: object | null, field?: string): boolean } };
  };
  'content-types': ConfigurationService & { findContentType(uid: string): unknown };
  components: ConfigurationService & { findComponent(uid: string): unknown };
}

export function adminService<K extends keyof AdminServices>(strapi: Core.Strapi, name: K): AdminServices[K] {
  return strapi.service(name) as unknown as AdminServices[K];
}

export function contentManagerService<K extends keyof ContentManagerServices>(strapi: Core.Strapi, name: K): ContentManagerServices[K] {
  return strapi.plugin('content-manager').service(name) as unknown as ContentManagerServices[K];
}
