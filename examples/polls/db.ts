/**
 * The database at start (Node): migrations from polls/migrations/ (written by
 * makemigrations) and the contrib apps' own; a new database also gets
 * fixtures/polls.json and the demo superuser (seed.ts), so a first start has
 * a Question with its Choices and an admin login, and later starts keep the
 * votes.
 */
import { readFile } from 'node:fs/promises';
import { nodeMigrationFiles } from 'manouche/node';
import { prepareDatabase } from './seed';

const appDir = new URL('.', import.meta.url);
export const migrationFiles = nodeMigrationFiles({ dirs: { polls: new URL('migrations/', appDir).pathname } });

/** Migrates the default database, seeding a new one; returns the lines to print. */
export function setUpDatabase(): Promise<string[]> {
  return prepareDatabase(migrationFiles, async () => JSON.parse(await readFile(new URL('fixtures/polls.json', appDir), 'utf8')));
}
