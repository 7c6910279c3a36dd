/**
 * `npm run demo:browser`: builds examples/offline for the browser
 * (`manouche build --browser`'s work) into examples/offline/dist/ and serves
 * that folder as static files on 127.0.0.1, printing the URL. Nothing else
 * runs on the server: the app lives in the browser's service worker.
 *
 *   npm run demo:browser              port 8010
 *   npm run demo:browser -- 0         a free port
 */
import { fileURLToPath } from 'node:url';
import { buildBrowser } from '../../src/node/browser-build';
import { serveFolder } from './static-server';

const here = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.argv[2] ?? process.env.PORT ?? 8010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Error: "${process.argv[2]}" is not a valid port number.`);
  process.exit(1);
}

const { lines } = await buildBrowser({ entry: `${here}sw.ts`, outDir: `${here}dist`, title: 'Manouche offline demo' });
for (const line of lines) console.log(line);
const server = await serveFolder(`${here}dist`, port);
console.log(`Serving examples/offline/dist/ at ${server.url} (the app runs in your browser; Ctrl-C stops this static server).`);
