/**
 * `npm start`: Django's `manage.py migrate` then `runserver` for the tutorial's
 * polls app, on the real Node adapter.
 *
 *   1. setup(settings): the apps, then DATABASES (a sql.js file, see settings.ts).
 *   2. migrate polls/migrations/, and load fixtures/polls.json into empty tables.
 *   3. createApp(), wrapped in DEBUG by staticFilesApp() (STATIC_URL answered
 *      from each app's static/), served by serve() on its direct path: no
 *      fetch Request or Response per request; one access-log line per response.
 *
 * The address is runserver's argument (`npm start -- 8001`, `127.0.0.1:0` for a
 * free port) or PORT; the startup lines say where it listens.
 */
import 'manouche/node';
import { createApp, settings as active, setup, staticFilesApp } from 'manouche';
import { serve } from 'manouche/node';
import { setUpDatabase } from './db';
import { settings } from './settings';

const arg = process.argv[2] ?? process.env.PORT ?? '8000';
const [host, port] = arg.includes(':') ? [arg.slice(0, arg.lastIndexOf(':')), Number(arg.slice(arg.lastIndexOf(':') + 1))] : ['127.0.0.1', Number(arg)];
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Error: "${arg}" is not a valid port number or address:port pair.`);
  process.exit(1);
}

await setup(settings);
for (const line of await setUpDatabase()) console.log(line);

const app = createApp();
const stamp = () => {
  const d = new Date();
  const month = d.toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  return `${String(d.getUTCDate()).padStart(2, '0')}/${month}/${d.getUTCFullYear()} ${d.toISOString().slice(11, 19)}`;
};
// runserver's handler: static files in DEBUG, then the app; one access-log line per response.
const server = await serve(active.DEBUG ? staticFilesApp(app) : app, {
  host,
  port,
  onResponse: ({ method, target, status, contentLength }) => console.log(`[${stamp()}] "${method} ${target} HTTP/1.1" ${status} ${contentLength ?? '-'}`),
});
console.log('');
console.log(`${stamp()}`);
console.log(`Manouche version ${process.env.npm_package_version ?? '0.1.0'}, using settings 'examples/polls/settings.ts'`);
console.log(`Starting development server at ${server.url}`);
console.log('Quit the server with CONTROL-C.');
