/**
 * `manouche build --browser <entry>`: bundles an app's browser entry (a
 * script calling start() or startServiceWorker() from 'manouche/browser')
 * into a folder any static server can serve:
 *
 *   sw.js                    the app and the framework, one classic script (IIFE):
 *                            a service worker may not use ES-module imports
 *                            it did not load at install, nor import()
 *   sql-wasm.js, .wasm       sql.js, loaded beside it (importScripts in the worker)
 *   common-passwords.txt.gz  Django's list, fetched on CommonPasswordValidator's first use
 *   index.html               registers sw.js, or runs the app in the page without one
 *
 * Two imports get build-time meaning: `sql.js` is the global initSqlJs of
 * sql-wasm.js (so sql.js is measured apart), and a path ending in `?files`
 * (`import templates from './templates/?files'`) is that folder's files as a
 * module, { 'polls/index.html': '...' }: text files as strings, others as
 * bytes, for defineApp({ templates, staticFiles }).
 *
 * esbuild is a devDependency: it is imported only when this runs.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'esbuild';
import { ImproperlyConfigured } from '../core/exceptions';

export interface BrowserBuildOptions {
  /** The app's browser entry. */
  entry: string;
  /** The output folder (created). */
  outDir: string;
  /** Minify the bundle (default true). */
  minify?: boolean;
  /** The page's title. */
  title?: string;
  /** The URL path the folder is served at (default '/'): the loader finds sw.js there from any page. */
  basePath?: string;
}

export interface BrowserBuildResult {
  /** Files written, relative to outDir. */
  files: string[];
  /** Gzipped bytes (level 9): the bundle (framework + app), and sql.js (its script and wasm). */
  sizes: { bundle: number; bundleRaw: number; sqlJs: number; sqlJsRaw: number };
  /** The lines to print. */
  lines: string[];
  /** The hash of the files the service worker caches (RUNTIME_ASSETS), in its cache's name. */
  assetsVersion: string;
}

const TEXT = /\.(html?|css|js|mjs|txt|svg|json|xml|md|map)$/i;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

/** The module source for a `?files` import of `dir`. */
export async function filesModule(dir: string): Promise<{ contents: string; watchFiles: string[] }> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new ImproperlyConfigured(`A '?files' import names the folder '${dir}', which does not exist.`);
  const files = await walk(dir);
  const entries: string[] = [];
  for (const file of files) {
    const name = relative(dir, file).split(sep).join('/');
    const bytes = await readFile(file);
    const value = TEXT.test(file) ? JSON.stringify(bytes.toString('utf8')) : `bytes(${JSON.stringify(bytes.toString('base64'))})`;
    entries.push(`  ${JSON.stringify(name)}: ${value},`);
  }
  const decoder = 'const bytes = (b) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0));\n';
  return { contents: `${decoder}export default {\n${entries.join('\n')}\n};\n`, watchFiles: files };
}

function plugins(packageRoot: string): Plugin[] {
  return [
    {
      name: 'manouche-sqljs-global',
      setup(build) {
        build.onResolve({ filter: /^sql\.js$/ }, () => ({ path: 'sql.js', namespace: 'manouche-global' }));
        build.onLoad({ filter: /.*/, namespace: 'manouche-global' }, () => ({ contents: 'export default globalThis.initSqlJs;', loader: 'js' }));
      },
    },
    {
      name: 'manouche-common-passwords',
      setup(build) {
        build.onResolve({ filter: /common-passwords\.data/ }, () => ({ path: 'common-passwords', namespace: 'manouche-passwords' }));
        build.onLoad({ filter: /.*/, namespace: 'manouche-passwords' }, () => ({
          contents: "import { assetUrl, cachedBytes } from 'manouche/browser';\nexport const fetchCommonPasswordsGzip = () => cachedBytes(assetUrl('common-passwords.txt.gz'));\n",
          resolveDir: packageRoot,
          loader: 'js',
        }));
      },
    },
    {
      name: 'manouche-files',
      setup(build) {
        build.onResolve({ filter: /\?files$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.slice(0, -'?files'.length)), namespace: 'manouche-files' }));
        build.onLoad({ filter: /.*/, namespace: 'manouche-files' }, async (args) => ({ ...(await filesModule(args.path)), loader: 'js' }));
      },
    },
  ];
}

/** The page that starts the app: the service worker when the browser allows one, the app in the page otherwise. */
export function indexHtml(title: string, basePath = '/'): string {
  const escaped = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escaped}</title><link rel="icon" href="data:,"></head>
<body><p id="manouche-loading">Starting ${escaped}&hellip;</p>
<script>
(function () {
  // The static server may answer any path with this page (a reload of /polls/3/): files are found from the base.
  var base = new URL(${JSON.stringify(basePath)}, location.href);
  function inPage() {
    var load = function (src, next) { var s = document.createElement('script'); s.src = new URL(src, base).href; s.onload = next; document.body.appendChild(s); };
    load('sql-wasm.js', function () { load('sw.js', function () {}); });
  }
  // ?inpage, or no service worker (an insecure origin, a private window): the app runs in this page.
  if (!('serviceWorker' in navigator) || /[?&]inpage\\b/.test(location.search)) return inPage();
  navigator.serviceWorker.register(new URL('sw.js', base).href, { scope: base.pathname }).then(function () {
    // Once the worker controls this page, load it again: the app answers.
    if (navigator.serviceWorker.controller) return location.reload();
    navigator.serviceWorker.addEventListener('controllerchange', function () { location.reload(); });
  }, function (error) {
    console.warn('Service worker refused (' + error + '); the app runs in the page.');
    inPage();
  });
})();
</script></body></html>
`;
}

/** Bundles `options.entry` for the browser into `options.outDir` and reports the sizes. */
export async function buildBrowser(options: BrowserBuildOptions): Promise<BrowserBuildResult> {
  if (typeof options.entry !== 'string' || options.entry === '') throw new ImproperlyConfigured('build --browser needs the app\'s browser entry (a .ts or .js file).');
  const entry = resolve(options.entry);
  if (!(await stat(entry).catch(() => null))?.isFile()) throw new ImproperlyConfigured(`build --browser: the entry '${options.entry}' is not a file.`);
  if (typeof options.outDir !== 'string' || options.outDir === '') throw new ImproperlyConfigured('build --browser needs an output folder (--out DIR).');
  if (options.basePath !== undefined && !/^\/(.*\/)?$/.test(options.basePath)) throw new ImproperlyConfigured(`build --browser: the base path '${options.basePath}' must start and end with '/'.`);
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new ImproperlyConfigured('build --browser needs esbuild: npm install --save-dev esbuild');
  }
  const require = createRequire(import.meta.url);
  const packageRoot = dirname(require.resolve('manouche/package.json', { paths: [dirname(entry), process.cwd()] }));
  const sqlJsDir = dirname(require.resolve('sql.js/dist/sql-wasm-browser.js', { paths: [dirname(entry), packageRoot] }));
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const { COMMON_PASSWORDS_GZ_BASE64 } = await import('../contrib/auth/common-passwords.data');
  const passwords = Buffer.from(COMMON_PASSWORDS_GZ_BASE64, 'base64');
  // The worker caches sql-wasm.wasm and the passwords under this version (runtime.ts): another sql.js or
  // list is another cache, and an unchanged build keeps its cache across releases of the app.
  const assetsVersion = createHash('sha256').update(await readFile(join(sqlJsDir, 'sql-wasm-browser.wasm'))).update(passwords).digest('hex').slice(0, 16);

  let result;
  try {
    result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: options.minify ?? true,
      write: false,
      logLevel: 'silent',
      plugins: plugins(packageRoot),
      define: { __MANOUCHE_ASSETS_VERSION__: JSON.stringify(assetsVersion) },
      // In a worker, sql.js is a script loaded before the bundle; a page's index.html loads it first.
      banner: { js: "if (typeof importScripts === 'function' && typeof initSqlJs === 'undefined') importScripts('sql-wasm.js');" },
    });
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }> }).errors;
    if (!Array.isArray(errors)) throw error;
    const text = errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text)).join('\n');
    throw new ImproperlyConfigured(`build --browser: bundling ${options.entry} failed:\n${text}`);
  }
  const bundle = result.outputFiles[0]!.contents;
  await writeFile(join(outDir, 'sw.js'), bundle);
  await copyFile(join(sqlJsDir, 'sql-wasm-browser.js'), join(outDir, 'sql-wasm.js'));
  await copyFile(join(sqlJsDir, 'sql-wasm-browser.wasm'), join(outDir, 'sql-wasm.wasm'));
  await writeFile(join(outDir, 'common-passwords.txt.gz'), passwords);
  await writeFile(join(outDir, 'index.html'), indexHtml(options.title ?? 'Manouche app', options.basePath ?? '/'));

  const gz = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;
  const sqlJsFiles = [await readFile(join(outDir, 'sql-wasm.js')), await readFile(join(outDir, 'sql-wasm.wasm'))];
  const sizes = {
    bundle: gz(bundle),
    bundleRaw: bundle.length,
    sqlJs: sqlJsFiles.reduce((n, f) => n + gz(f), 0),
    sqlJsRaw: sqlJsFiles.reduce((n, f) => n + f.length, 0),
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const files = ['index.html', 'sw.js', 'sql-wasm.js', 'sql-wasm.wasm', 'common-passwords.txt.gz'];
  return {
    files,
    sizes,
    lines: [
      `Built ${relative(process.cwd(), entry) || entry} for the browser into ${relative(process.cwd(), outDir) || '.'}/ (${files.join(', ')})`,
      `  framework + app (sw.js): ${kb(sizes.bundleRaw)}, ${kb(sizes.bundle)} gzipped`,
      `  sql.js (sql-wasm.js + sql-wasm.wasm): ${kb(sizes.sqlJsRaw)}, ${kb(sizes.sqlJs)} gzipped`,
      `  loaded on first use: common-passwords.txt.gz (${kb(passwords.length)})`,
    ],
    assetsVersion,
  };
}
