/**
 * The one-time path for databases migrated before the contrib apps shipped
 * Django's migration sequence. Manouche used to ship one folded 0001_initial
 * per app that built today's tables at once (django_content_type without its
 * legacy `name` column, auth with today's lengths). Such a database has
 * contenttypes.0001_initial recorded, no 0002, and no `name` column: the
 * migrations the folded files stood for are recorded as applied (nothing of
 * the schema or the rows changes), in one transaction, before migrate plans.
 */
import { columnNames, tableNames } from '../../../db/backends/introspection';
import type { Backend } from '../../../db/backends/base';
import type { MigrationRecorder } from '../../../db/migrations/recorder';

const CONTENT_TYPES = 'django_content_type';

export async function recordFoldedHistory(backend: Backend, recorder: MigrationRecorder): Promise<void> {
  const applied = await recorder.applied();
  if (!applied.has('contenttypes.0001_initial') || applied.has('contenttypes.0002_remove_content_type_name')) return;
  if (!(await tableNames(backend)).includes(CONTENT_TYPES) || (await columnNames(backend, CONTENT_TYPES)).includes('name')) return;
  const { authMigrations } = await import('../../auth/migrations/index');
  const auth = Object.keys(authMigrations).filter((name) => name !== '0001_initial');
  const foldedAuth = applied.has('auth.0001_initial') && !auth.some((name) => applied.has(`auth.${name}`));
  await backend.atomic(async () => {
    await recorder.recordApplied('contenttypes', '0002_remove_content_type_name');
    if (foldedAuth) for (const name of auth) await recorder.recordApplied('auth', name);
  });
}
