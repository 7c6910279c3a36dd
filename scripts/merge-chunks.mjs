// Runs after tsup: merges the chunks a serving process loads into one module.
//
// esbuild splits the shared code by which entry points reach it, so with
// twenty entries the serving core (handlers, http, shortcuts, middleware,
// urls, db, templates) came out as 35 chunks, each a module Node loads on its
// own. A module costs memory of its own beside its code (the loader's job
// and records, its source kept as a young-generation string when it is
// small, where one large source goes straight to the large-object space):
// the e2e contender's process kept about 0.75 MB more heap than the same
// code in one file. Rollup re-chunks dist/ with that set of chunks as one
// manual chunk; everything else keeps its own chunk, and what is imported
// dynamically (PostgreSQL, @noble/hashes' user, migrations, the technical
// pages) stays out of the startup graph. Source maps are chained back to src/.
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const out = join(root, 'dist.merged');

// The entry points: every .js in dist/ that is not a chunk (tsup names those chunk-*.js or <module>-<hash>.js).
function entries(dir = dist, prefix = '') {
  const found = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) Object.assign(found, entries(path, `${prefix}${name}/`));
    else if (name.endsWith('.js') && !/-[A-Z0-9]{8}\.js$/.test(name)) found[`${prefix}${name.slice(0, -3)}`] = path;
  }
  return found;
}

// The serving core: what these isomorphic entries import statically, transitively. Not the
// server (node: imports, which browser bundles of the core must not meet) nor the contrib apps
// (registering one is its import's side effect): their chunks stay apart.
const SERVING = ['core/handlers/index', 'http/index', 'shortcuts', 'middleware/index', 'urls/index', 'db/index', 'template/index'];
// import/export … from './x.js' and bare import './x.js', spaced or not; not import('./x.js').
const STATIC_IMPORT = /(?:^|[;}\n])\s*(?:import|export)\s*(?:[^'"()]*?\bfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]/g;

function staticGraph(files) {
  const seen = new Set();
  const queue = [...files];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) queue.push(resolve(dirname(file), m[1]));
  }
  return seen;
}

const input = entries();
for (const name of SERVING) if (!input[name]) throw new Error(`merge-chunks: no dist entry ${name}.js (tsup.config.ts and this list disagree)`);
const entryFiles = new Set(Object.values(input));
const core = new Set([...staticGraph(SERVING.map((n) => input[n]))].filter((f) => !entryFiles.has(f)));

const bundle = await rollup({
  input,
  treeshake: false, // tsup has tree-shaken; this pass only moves modules between files
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY') return; // esbuild's chunks import each other both ways
    warn(warning);
  },
  plugins: [
    {
      name: 'input-source-maps',
      load(id) {
        const code = readFileSync(id, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
        const map = `${id}.map`;
        return existsSync(map) ? { code, map: JSON.parse(readFileSync(map, 'utf8')) } : code;
      },
    },
  ],
});
await bundle.write({
  dir: out,
  format: 'es',
  sourcemap: true,
  sourcemapExcludeSources: true, // as tsup writes them: mappings to src/ paths, no copies of the sources
  entryFileNames: '[name].js',
  // Every other chunk keeps tsup's file name (the browser build recognizes some by name,
  // e.g. the common-passwords data); the merged one is a chunk-*.js for package.json's sideEffects.
  chunkFileNames: '[name].js',
  manualChunks: (id) => (core.has(id) ? 'chunk-serving' : undefined),
  // Keep the build's own paths in the maps: ../src/... relative to each file, as tsup wrote them.
  sourcemapPathTransform: (source, mapPath) => relative(dirname(mapPath), resolve(dirname(mapPath), source)),
});
await bundle.close();

// Swap in the merged JavaScript; tsup's declaration files stay where they are.
for (const file of readdirSync(dist, { recursive: true })) {
  if (/\.js(\.map)?$/.test(file)) rmSync(join(dist, file));
}
for (const file of readdirSync(out, { recursive: true })) {
  const from = join(out, file);
  if (!statSync(from).isFile()) continue;
  mkdirSync(dirname(join(dist, file)), { recursive: true });
  renameSync(from, join(dist, file));
}
rmSync(out, { recursive: true, force: true });
// Rollup writes every file 0644: package.json's bin scripts (tsup made them executable) must stay runnable.
for (const bin of Object.values(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin ?? {})) chmodSync(join(root, bin), 0o755);
console.log(`merge-chunks: ${core.size} chunks of the serving core into one module`);
