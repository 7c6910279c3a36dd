/**
 * `npm start`: serves the Django tutorial's polls app at http://127.0.0.1:8000/
 * — models on the embedded sql.js database, the tutorial's generic views and
 * templates, routed and handled by createApp() (middleware, APPEND_SLASH,
 * error pages). A small node:http bridge calls app.fetch until the Node
 * server adapter (runserver) takes over. DEBUG=1 shows the debug pages.
 */
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { createApp, setup } from 'manouche';
import { setUpDatabase } from './db';
import { settings } from './settings';

await setup({ ...settings, DATABASES: {} });
await setUpDatabase();
const app = createApp();

const port = Number(process.env.PORT ?? 8000);
const server = createServer(async (req, res) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(`http://${req.headers.host ?? `127.0.0.1:${port}`}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
  } as RequestInit);
  const response = await app.fetch(request, { remoteAddr: req.socket.remoteAddress });
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  res.writeHead(response.status, out);
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : Buffer.alloc(0);
  res.end(body);
  console.log(`"${req.method} ${req.url}" ${response.status} ${body.length}`);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`Manouche polls example at http://127.0.0.1:${port}/ (Ctrl-C to quit)`);
});
