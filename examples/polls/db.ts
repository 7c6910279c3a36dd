/**
 * The database at start (Node): `migrate` applies polls/migrations/ (written
 * by makemigrations) and the contrib apps' own (auth, contenttypes, sessions,
 * admin); a database with no migration history before that also gets the
 * fixture fixtures/polls.json and the demo superuser (seed.ts), so a first
 * start has a Question with its Choices and an admin login, and later starts
 * keep the votes.
 */
import { readFile } from 'node:fs/promises';
import { connections } from 'manouche';
import { MigrationRecorder, migrate } from 'manouche/migrations';
import { nodeMigrationFiles } from 'manouche/node';
import { loadDemoData } from './seed';

const appDir = new URL('.', import.meta.url);
export const migrationFiles = nodeMigrationFiles({ dirs: { polls: new URL('migrations/', appDir).pathname } });

/** Migrates the default database, seeding a new one; returns the lines to print. */
export async function setUpDatabase(): Promise<string[]> {
  const backend = connections.get();
  const fresh = !(await new MigrationRecorder(backend).hasTable());
  const { lines } = await migrate({ backend, files: migrationFiles });
  if (fresh) lines.push(...(await loadDemoData(JSON.parse(await readFile(new URL('fixtures/polls.json', appDir), 'utf8')))));
  return lines;
}
