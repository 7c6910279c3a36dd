/**
 * Runs at each start of the runtime, before the first request: migrate
 * applies what is new (every migration on first load, the new ones after an
 * upgrade); a database that had no migration history also gets the polls
 * fixture and the demo superuser (examples/polls/seed.ts).
 */
import fixture from '../polls/fixtures/polls.json';
import { prepareDatabase } from '../polls/seed';

export async function prepare(): Promise<void> {
  await prepareDatabase({}, () => fixture);
}
