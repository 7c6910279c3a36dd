/**
 * The browser runtime's core, shared by the service worker and the in-page
 * fallback: boot() loads sql.js, registers the IndexedDB-backed sql.js
 * engine, runs setup() and the app's `prepare` (migrate, seed), and answers
 * requests with app.fetch():
 *
 *   1. take the database lock (lock.ts), so one tab or worker writes at a time;
 *   2. reload a database another tab or worker wrote to since (its head moved);
 *      if a newer build migrated it, this realm only asks for a reload (upgrade.ts);
 *   3. add the cookie jar's Cookie header, run app.fetch (static files first,
 *      from the apps' in-memory `staticFiles`), keep its Set-Cookie values.
 */
import { type AppOptions, createApp } from '../core/handlers/app';
import type { Settings } from '../conf/settings';
import { registerDatabaseEngine } from '../db/connection';
import { SqlJsBackend } from '../db/backends/sqljs';
import { ImproperlyConfigured } from '../core/exceptions';
import { builtAt } from '../utils/built-at';
import { setup } from '../setup';
import { staticFilesHandler } from '../contrib/staticfiles/views';
import type { SqlJsStatic } from 'sql.js';
import initSqlJs from 'sql.js';
import { CookieJar } from './cookies';
import { withLock } from './lock';
import { IndexedDbPersistence } from './persistence';
import { unknownMigrations, upgradedResponse } from './upgrade';

export interface BrowserAppOptions {
  /** The project's settings (given to setup()). A sql.js database with a NAME is kept in IndexedDB under that name. */
  settings: Partial<Settings>;
  /** Runs once per start, under the database lock, before the first request: migrate, seed. */
  prepare?: () => Promise<void>;
  /** Options for createApp(). */
  app?: AppOptions;
  /** The URL of sql-wasm.wasm (default: 'sql-wasm.wasm' beside the script). */
  sqlWasmUrl?: string;
  /** The IndexedDB database holding the databases and the cookie jar (default 'manouche'). */
  idbName?: string;
}

export interface Runtime {
  /** Answers one request as the app would on a server. */
  fetch(request: Request): Promise<Response>;
  /** The database file of `alias` (db.export()), read under the lock. */
  exportDatabase(alias?: string): Promise<Uint8Array>;
  /** Replaces the database of `alias` with the SQLite file `bytes`; every tab reloads it before its next query. */
  importDatabase(bytes: Uint8Array, alias?: string): Promise<void>;
  readonly cookies: CookieJar;
}

/** The name of the lock every tab and worker takes around a request. */
export const LOCK_NAME = 'manouche:database';

// The script's own address, read while it runs: a classic script in a page
// has document.currentScript; a worker's location is its script.
const scriptUrl: string =
  (typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined) ||
  ((globalThis as { location?: Location }).location?.href ?? 'http://localhost/');

/** Where the runtime's files are: beside the script that runs it (not the page, which may be /polls/3/). */
export function assetUrl(file: string): string {
  return new URL(file, scriptUrl).href;
}

declare const __MANOUCHE_ASSETS_VERSION__: string | undefined;

// `manouche build --browser` stamps the hash of the files it caches (browser-build.ts); a bundle made
// another way has Manouche's build time, which changes with the framework that ships common-passwords.
const assetsVersion = typeof __MANOUCHE_ASSETS_VERSION__ === 'string' ? __MANOUCHE_ASSETS_VERSION__ : String(builtAt.getTime());
const CACHE_PREFIX = 'manouche-runtime';

/**
 * The Cache Storage cache of the runtime's files for this build: named by
 * their version, so a new build never reads an old build's files (a worker
 * that outlived its files, or sql-wasm.js beside another build's .wasm), and
 * by the script's folder (`base`, a URL path: no spaces), so two apps on one
 * origin never delete each other's.
 */
export function runtimeCacheName(version: string = assetsVersion, base: string = new URL('.', scriptUrl).pathname): string {
  return `${CACHE_PREFIX} ${base} ${version}`;
}

/**
 * Of Cache Storage's `names`, those the runtime of `current` deletes when its
 * worker activates: its folder's caches of other builds, and the unversioned
 * cache of older releases. Other apps' and folders' caches are kept.
 */
export function staleRuntimeCaches(names: readonly string[], current: string = runtimeCacheName()): string[] {
  const folder = current.slice(0, current.lastIndexOf(' ') + 1);
  return names.filter((name) => name !== current && (name === CACHE_PREFIX || name.startsWith(folder)));
}

/** Bytes of `url`, from this build's runtime cache when it holds them (offline), else from the network. */
export async function cachedBytes(url: string): Promise<Uint8Array> {
  const cached = typeof caches === 'undefined' ? undefined : await caches.match(url, { cacheName: runtimeCacheName() });
  const response = cached ?? (await fetch(url));
  if (!response.ok) throw new ImproperlyConfigured(`The browser runtime could not load ${url}: ${response.status} ${response.statusText}.`);
  return new Uint8Array(await response.arrayBuffer());
}

async function loadSqlJs(options: BrowserAppOptions): Promise<SqlJsStatic> {
  const wasmBinary = await cachedBytes(options.sqlWasmUrl ?? assetUrl('sql-wasm.wasm'));
  return initSqlJs({ wasmBinary: wasmBinary.buffer as ArrayBuffer });
}

function checkOptions(options: BrowserAppOptions): void {
  if (!options || typeof options !== 'object') throw new ImproperlyConfigured('The browser runtime needs options: { settings, prepare? }.');
  if (!options.settings || typeof options.settings !== 'object') throw new ImproperlyConfigured('The browser runtime: options.settings must be the project\'s settings object.');
  if (options.prepare !== undefined && typeof options.prepare !== 'function') throw new ImproperlyConfigured('The browser runtime: options.prepare must be a function (migrate, seed), not ' + typeof options.prepare + '.');
}

/** Refuses what importDatabase() cannot take: anything but the bytes of an SQLite file. */
export function checkDatabaseFile(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new ImproperlyConfigured(`importDatabase() needs the database file as a Uint8Array, not ${Object.prototype.toString.call(bytes)}.`);
  if (new TextDecoder().decode(bytes.subarray(0, 15)) !== 'SQLite format 3') throw new ImproperlyConfigured('importDatabase(): these bytes are not an SQLite database file (no "SQLite format 3" header).');
}

/** Starts the app in this realm (a service worker or a page). */
export async function boot(options: BrowserAppOptions): Promise<Runtime> {
  checkOptions(options);
  const SQL = await loadSqlJs(options);
  const idbName = options.idbName ?? 'manouche';
  const persisted = new Map<string, { backend: SqlJsBackend; persistence: IndexedDbPersistence }>();
  registerDatabaseEngine('manouche.db.backends.sqljs', async (config, alias) => {
    if (!config.NAME || config.NAME === ':memory:') return SqlJsBackend.open({ ...(config.OPTIONS ?? {}), sqlJs: SQL });
    const persistence = new IndexedDbPersistence(config.NAME, idbName);
    const backend = await SqlJsBackend.open({ ...(config.OPTIONS ?? {}), sqlJs: SQL, persistence });
    persisted.set(alias, { backend, persistence });
    return backend;
  });
  // Migrations a newer build applied (another tab's): once seen, this realm answers with upgradedResponse().
  let unknown: string[] = [];
  const checkMigrations = async (backend: SqlJsBackend) => {
    if (unknown.length === 0) unknown = await unknownMigrations(backend);
  };
  // 2. of the steps above: another tab or worker wrote since this realm last read.
  const fresh = async () => {
    for (const { backend, persistence } of persisted.values()) {
      if (!(await persistence.changed())) continue;
      await backend.reload();
      await checkMigrations(backend);
    }
  };
  await setup(options.settings);
  // Another tab may have migrated and seeded while this one was loading: prepare sees its work.
  const prepare = options.prepare;
  await withLock(LOCK_NAME, async () => {
    await fresh();
    await prepare?.();
    // A build older than the database migrates nothing and must not serve it either.
    for (const { backend } of persisted.values()) await checkMigrations(backend);
  });
  const app = createApp(options.app);
  const cookies = await CookieJar.open(idbName);
  const database = (alias: string) => {
    const entry = persisted.get(alias);
    if (!entry) throw new ImproperlyConfigured(`DATABASES['${alias}'] is not a sql.js database kept in IndexedDB (give it a NAME).`);
    return entry;
  };

  return {
    cookies,
    fetch(request) {
      return withLock(LOCK_NAME, async () => {
        await fresh();
        if (unknown.length) return upgradedResponse(unknown);
        const headers = new Headers(request.headers);
        const cookie = cookies.header(new URL(request.url).pathname);
        if (cookie) headers.set('cookie', cookie);
        const env = { headers, setCookies: (values: string[]) => cookies.store(values) };
        // STATIC_URL is answered from the apps' in-memory staticFiles, whatever DEBUG says: there is no other server.
        return staticFilesHandler((r) => app.fetch(r, env))(request);
      });
    },
    exportDatabase(alias = 'default') {
      return withLock(LOCK_NAME, async () => {
        await fresh();
        return database(alias).backend.export();
      });
    },
    async importDatabase(bytes, alias = 'default') {
      checkDatabaseFile(bytes);
      return withLock(LOCK_NAME, async () => {
        const { backend, persistence } = database(alias);
        await persistence.replace(bytes);
        await backend.reload();
        // As at a start: a file from an older build is migrated now; one from a newer build is refused (upgrade.ts).
        unknown = [];
        await prepare?.();
        await checkMigrations(backend);
      });
    },
  };
}
