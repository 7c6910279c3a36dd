/**
 * Django's admin.autodiscover(): runs each installed app's admin
 * registrations. A bundle or a browser cannot import "<app>/admin" by path,
 * so an app declares them: `defineApp({ ..., admin: (site) => site.register(...) })`
 * (or `admin: () => import('./admin.js')` for a module that registers on the
 * default site). Each app's hook runs once per site; a hook that fails
 * leaves the site's registry as it was before it ran, and the error names the app.
 */
import { apps } from '../../apps/registry';
import type { AppConfig } from '../../apps/config';
import type { AdminSite } from './sites';

const discovered = new WeakMap<AdminSite, Set<AppConfig>>();

export async function autodiscover(site: AdminSite): Promise<void> {
  let seen = discovered.get(site);
  if (!seen) discovered.set(site, (seen = new Set()));
  for (const config of apps.getAppConfigs()) {
    if (!config.admin || seen.has(config)) continue;
    const before = new Map(site.registry);
    try {
      await config.admin(site);
    } catch (e) {
      // Django resets the registry when an admin module fails to import.
      site.registry.clear();
      for (const [model, admin] of before) site.registry.set(model, admin);
      site.refreshUrls();
      const err = e instanceof Error ? e : new Error(String(e));
      err.message = `The admin registrations of app '${config.label}' failed: ${err.message}`;
      throw err;
    }
    seen.add(config);
  }
}
