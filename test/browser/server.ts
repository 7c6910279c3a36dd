/**
 * A tiny static server for the browser smoke test: any path gets the page,
 * /bundle.js gets the bundle. It listens on 127.0.0.1 at a random port.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

const PAGE = '<!doctype html>\n<meta charset="utf-8">\n<title>Manouche smoke</title>\n<link rel="icon" href="data:,">\n<script type="module" src="/bundle.js"></script>\n';

/** Serves the page (with `pageHeaders`, e.g. a Content-Security-Policy) and the bundle. */
export async function servePage(bundle: string, pageHeaders: Record<string, string> = {}): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/bundle.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      response.end(bundle);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...pageHeaders });
      response.end(PAGE);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
