/**
 * Runs at each start of the runtime, before the first request: migrate
 * applies what is new (every migration on first load, the new ones after an
 * upgrade); a database that had no migration history also gets the tables
 * of apps without migrations (Django's `migrate --run-syncdb`: the admin's
 * LogEntry has no migration yet), the polls fixture and the demo superuser
 * (Django's `loaddata polls` and `createsuperuser`).
 */
import { apps, atomic, connections, serializers } from 'manouche';
import { createTables } from 'manouche/db';
import { User } from 'manouche/contrib/auth';
import { MigrationRecorder, migrate } from 'manouche/migrations';
import fixture from '../polls/fixtures/polls.json';
import { DEMO_USER } from './home';

export async function prepare(): Promise<void> {
  const backend = connections.get();
  const fresh = !(await new MigrationRecorder(backend).hasTable());
  await migrate({ backend, files: {} });
  if (!fresh) return;
  await atomic(async () => {
    const unmigrated = apps.getAppConfigs().filter((app) => !app.hasMigrations);
    await createTables(backend, unmigrated.flatMap((app) => apps.getModels(app.label).map((opts) => opts.model)));
    for await (const object of serializers.deserialize(fixture)) await object.save();
    await (User.objects as unknown as { createSuperuser(u: string, e: string, p: string): Promise<unknown> }).createSuperuser(DEMO_USER.username, 'admin@example.com', DEMO_USER.password);
  });
}
