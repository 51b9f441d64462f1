/**
 * Adds one of the project's route policies to a plugin's admin routes: how the newsroom closes
 * what a Strapi plugin leaves open (extensions/<plugin>/strapi-server.ts), without copying the
 * plugin's route table.
 */
export interface PluginRoute {
  method: string;
  path: string;
  config?: { policies?: unknown[] };
}
export interface PluginWithRoutes {
  routes: Record<string, { routes: PluginRoute[] } | undefined>;
}

export function attachPolicy(plugin: PluginWithRoutes, policy: `global::${string}`, applies: (route: PluginRoute) => boolean): void {
  for (const route of plugin.routes.admin?.routes ?? []) {
    if (applies(route)) route.config = { ...route.config, policies: [...(route.config?.policies ?? []), policy] };
  }
}
