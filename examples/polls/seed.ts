/**
 * The example's database at start, for `npm start` (db.ts, Node) and the
 * offline demo (examples/offline/seed.ts, a browser), so it touches no file:
 * `migrate` applies what is new (polls' migrations and the contrib apps'
 * own); a database that had no migration history before that also gets the
 * fixture (Django's `loaddata polls`) and a superuser for the admin
 * (`createsuperuser`), whose credentials the start pages show.
 */
import { atomic, connections, serializers } from 'manouche';
import { User } from 'manouche/contrib/auth';
import { MigrationRecorder, migrate, type MigrateOptions } from 'manouche/migrations';

/** The demo superuser, created with the fixture. */
export const DEMO_USER = { username: 'admin', password: 'manouche-demo' };

/** Migrates the default database and seeds it when it is new (`fixture` is read only then); returns the lines to print. */
export async function prepareDatabase(files: MigrateOptions['files'], fixture: () => unknown): Promise<string[]> {
  const backend = connections.get();
  const fresh = !(await new MigrationRecorder(backend).hasTable());
  const { lines } = await migrate({ backend, files });
  if (fresh) lines.push(...(await loadDemoData(await fixture())));
  return lines;
}

/** Loads the fixture and creates the demo superuser, in one transaction; returns the lines to print. */
async function loadDemoData(fixture: unknown): Promise<string[]> {
  return atomic(async () => {
    let n = 0;
    for await (const object of serializers.deserialize(fixture)) {
      await object.save();
      n++;
    }
    await (User.objects as unknown as { createSuperuser(u: string, e: string, p: string): Promise<unknown> }).createSuperuser(DEMO_USER.username, 'admin@example.com', DEMO_USER.password);
    return [`Installed ${n} object(s) from 1 fixture(s)`, `Superuser created: username ${DEMO_USER.username}, password ${DEMO_USER.password}`];
  });
}
