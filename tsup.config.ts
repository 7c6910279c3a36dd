import { defineConfig } from 'tsup';

// One ESM build with a shared chunk, so every entry point uses the same
// WebAssembly instance. The module is embedded as base64 (see
// scripts/embed-wasm.mjs), so no entry needs a file path at run time.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'urls/index': 'src/urls/index.ts',
    'db/index': 'src/db/index.ts',
    'template/index': 'src/template/index.ts',
    'forms/index': 'src/forms/index.ts',
    'migrations/index': 'src/db/migrations/index.ts',
    'node/index': 'src/node/index.ts',
    // The area subpaths a lean process imports instead of the root (see node/server-entry.ts).
    'node/server': 'src/node/server-entry.ts',
    'core/handlers/index': 'src/core/handlers/index.ts',
    shortcuts: 'src/shortcuts.ts',
    'middleware/index': 'src/middleware/index.ts',
    'views/index': 'src/views/index.ts',
    'browser/index': 'src/browser/index.ts',
    'http/index': 'src/http/index.ts',
    'test/index': 'src/test/index.ts',
    'contrib/auth/index': 'src/contrib/auth/index.ts',
    'contrib/contenttypes/index': 'src/contrib/contenttypes/index.ts',
    'contrib/sessions/index': 'src/contrib/sessions/index.ts',
    'contrib/messages/index': 'src/contrib/messages/index.ts',
    'contrib/humanize/index': 'src/contrib/humanize/index.ts',
    // the `manouche` binary (package.json "bin"); its shebang line is kept by esbuild
    cli: 'src/node/cli.ts',
    'contrib/admin/index': 'src/contrib/admin/index.ts',
  },
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  // Whitespace and syntax only: identifiers (and so the class and function
  // names that error messages and debug pages show) stay as written.
  minifyWhitespace: true,
  minifySyntax: true,
  // esbuild: a devDependency that `manouche build --browser` imports only when it runs.
  external: [/^node:/, 'esbuild'],
  // Keep `node:fs`, not `fs` (tsup 8 strips the prefix by default): Node's
  // builtins stay unmistakable to bundlers and to Deno and Bun, and no npm
  // package named like a builtin can stand in for one.
  removeNodeProtocol: false,
  // src/utils/built-at.ts: the in-memory static files' modification time.
  define: { __MANOUCHE_BUILT_AT__: String(Date.now()) },
});
