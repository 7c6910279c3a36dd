/**
 * The example's data, for a database just migrated: the fixture (Django's
 * `loaddata polls`) and a superuser for the admin (`createsuperuser`), whose
 * credentials the start pages show. Used by `npm start` (db.ts, Node) and the
 * offline demo (examples/offline/seed.ts, a browser), so it touches no file.
 */
import { atomic, serializers } from 'manouche';
import { User } from 'manouche/contrib/auth';

/** The demo superuser, created with the fixture. */
export const DEMO_USER = { username: 'admin', password: 'manouche-demo' };

/** Loads the fixture and creates the demo superuser, in one transaction; returns the lines to print. */
export async function loadDemoData(fixture: unknown): Promise<string[]> {
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
