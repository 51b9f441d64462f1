/**
 * The i18n plugin's settings (`PUT /i18n/settings`) are open to every admin user in Strapi 5.54:
 * a reporter could switch on AI translation for the whole CMS. The super admin's only.
 */
import { attachPolicy, type PluginWithRoutes } from '../../policies/attach';

export default (plugin: PluginWithRoutes) => {
  attachPolicy(plugin, 'global::super-admin-only', (route) => route.method === 'PUT' && route.path === '/settings');
  return plugin;
};
