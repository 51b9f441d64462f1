/**
 * Strapi's email plugin has an admin route, `POST /email`, that sends any message (any sender,
 * recipient, subject and HTML) through the CMS's mail transport for anyone signed in to the admin:
 * a reporter's account would be a phishing relay from the newsroom's own server. Nothing in the
 * admin uses it; it is kept for the super admin only (policies/super-admin-only.ts).
 */
import { attachPolicy, type PluginWithRoutes } from '../../policies/attach';

export default (plugin: PluginWithRoutes) => {
  attachPolicy(plugin, 'global::super-admin-only', (route) => route.method === 'POST' && route.path === '/');
  return plugin;
};
