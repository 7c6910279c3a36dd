#!/usr/bin/env node
/**
 * The `manouche` binary (Django's django-admin / manage.py):
 * `npx manouche <command> [options]`. See src/core/management/index.ts.
 *
 * It loads the built `manouche/node` entry at run time instead of bundling
 * it, so the binary shares every module (settings, apps, models) with the
 * project's own `import 'manouche'` and adds no chunk to the package's
 * module graph (a browser bundle of `manouche` stays as it was).
 */
const entry = new URL(import.meta.url.endsWith('.ts') ? './index.ts' : './node/index.js', import.meta.url);
const node = (await import(entry.href)) as typeof import('./index');
process.exitCode = await node.executeFromCommandLine(process.argv.slice(2));
