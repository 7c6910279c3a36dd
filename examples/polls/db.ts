/**
 * The database at start (Node): `migrate` applies polls/migrations/ (written
 * by makemigrations), then, when the tables are still empty, the fixture
 * fixtures/polls.json is loaded (Django's `loaddata polls`), so a first start
 * has a Question with its Choices and later starts keep the votes.
 */
import { readFile } from 'node:fs/promises';
import { apps, connections } from 'manouche';
import { migrate } from 'manouche/migrations';
import { nodeMigrationFiles } from 'manouche/node';
import { Question } from './models';

const appDir = new URL('.', import.meta.url);
export const migrationFiles = nodeMigrationFiles({ dirs: { polls: new URL('migrations/', appDir).pathname } });

/** One object of a Django JSON fixture. */
export interface FixtureObject {
  model: string;
  pk: unknown;
  fields: Record<string, unknown>;
}

/**
 * Loads Django's JSON fixture format ([{ model, pk, fields }]): a foreign
 * key is its target's primary key, a date-time an ISO 8601 string. Returns the
 * number of objects, as `loaddata` reports it. (A small loader for this
 * example until the CLI's loaddata lands; it inserts, it does not update.)
 */
export async function loadFixture(objects: readonly FixtureObject[]): Promise<number> {
  for (const { model, pk, fields } of objects) {
    const opts = apps.getModel(model);
    const values: Record<string, unknown> = { pk };
    for (const [name, value] of Object.entries(fields)) {
      const field = opts.fieldsByName.get(name);
      if (!field) throw new Error(`Problem installing fixture: ${model} has no field named '${name}'.`);
      if (field.type === 'ForeignKey' || field.type === 'OneToOneField') values[`${name}_id`] = value;
      else if (field.type === 'DateTimeField' && typeof value === 'string') values[name] = new Date(value);
      else values[name] = value;
    }
    await opts.model.objects.create(values);
  }
  return objects.length;
}

/** Migrates the default database and loads the fixture into empty tables; returns the lines to print. */
export async function setUpDatabase(): Promise<string[]> {
  const { lines } = await migrate({ backend: connections.get(), files: migrationFiles });
  if ((await Question.objects.count()) === 0) {
    const fixture = JSON.parse(await readFile(new URL('fixtures/polls.json', appDir), 'utf8')) as FixtureObject[];
    const n = await loadFixture(fixture);
    lines.push(`Installed ${n} object(s) from 1 fixture(s)`);
  }
  return lines;
}
