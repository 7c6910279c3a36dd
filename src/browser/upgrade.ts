/**
 * A realm running an older build than its database. A new build's service
 * worker migrates the database and takes over every tab; but a tab running
 * the app in the page (startInPage) keeps the build it loaded, and after
 * another tab of the new build migrated, its models no longer match the
 * tables (a write would fail on a new NOT NULL column, or worse, succeed
 * half-right). So after each reload of a database another realm wrote, the
 * runtime compares the applied migrations with those its apps ship; one it
 * does not know means this realm is out of date, and it answers every
 * request with a page asking for a reload (which loads the new build)
 * instead of touching the data.
 */
import { apps } from '../apps/registry';
import type { Backend } from '../db/backends/base';
import { MigrationRecorder } from '../db/migrations/recorder';

type MigrationModule = { replaces?: ReadonlyArray<readonly [string, string]> };

/** Each app's in-memory migrations (AppConfig `migrations`): the names this build knows, squashed ones' replaced names included. */
async function knownMigrations(): Promise<Map<string, Set<string>>> {
  const known = new Map<string, Set<string>>();
  for (const app of apps.getAppConfigs()) {
    const migrations = await app.loadMigrations();
    if (!migrations) continue;
    const names = new Set<string>();
    for (const [name, module] of Object.entries(migrations)) {
      names.add(name);
      const definition = (module && typeof module === 'object' && 'default' in module ? module.default : module) as MigrationModule | undefined;
      for (const [label, replaced] of definition?.replaces ?? []) if (label === app.label) names.add(replaced);
    }
    known.set(app.label, names);
  }
  return known;
}

/**
 * Migrations applied in `backend` that this build's apps do not ship
 * ('app.name'). Apps whose migrations come from elsewhere (files given to
 * migrate() directly) are not judged: the runtime cannot see them.
 */
export async function unknownMigrations(backend: Backend): Promise<string[]> {
  const known = await knownMigrations();
  const unknown: string[] = [];
  for (const key of (await new MigrationRecorder(backend).applied()).keys()) {
    const dot = key.indexOf('.');
    const names = known.get(key.slice(0, dot));
    if (names && !names.has(key.slice(dot + 1))) unknown.push(key);
  }
  return unknown;
}

/** The answer of an out-of-date realm: 503, and a link that loads the page again outside the runtime (target _top). */
export function upgradedResponse(unknown: readonly string[]): Response {
  const list = unknown.map((key) => key.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)).join(', ');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>This app was updated</title></head>
<body><h1>This app was updated</h1>
<p>Another tab runs a newer version of this app and has updated its database (${list}). This tab still runs the old version, so it did not do what you asked.</p>
<p><a id="manouche-reload" href="" target="_top">Reload this page</a> to use the new version.</p>
</body></html>
`;
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '0', 'cache-control': 'no-store' } });
}
