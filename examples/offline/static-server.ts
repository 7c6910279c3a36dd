/**
 * A small static file server for a built browser app: GET and HEAD of the
 * folder's files on 127.0.0.1, index.html for a folder, and index.html for
 * any other path too, so that a reload of /polls/3/ before the service worker
 * runs (or in the in-page mode) still starts the app. Nothing is cached by
 * the browser's HTTP cache (no-cache), so a new build is picked up.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface FolderServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1:`port` (0: a free port). */
export async function serveFolder(root: string, port: number): Promise<FolderServer> {
  const base = normalize(root + sep);
  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      response.writeHead(400).end('Bad Request: not valid percent-encoded UTF-8');
      return;
    }
    let file = normalize(join(base, path));
    if (!file.startsWith(base)) file = join(base, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) file = info?.isDirectory() && (await stat(join(file, 'index.html')).catch(() => null)) ? join(file, 'index.html') : join(base, 'index.html');
    const size = (await stat(file)).size;
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size, 'cache-control': 'no-cache' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
