/**
 * The browser build of the smoke test: esbuild, ESM, platform 'browser', no
 * externals. With that configuration esbuild cannot resolve a Node builtin
 * (`node:fs`, or `fs`), so a module of the isomorphic core that imports one
 * makes the build fail here. That is how DESIGN.md's "imports no `node:`
 * module" is kept honest; smoke.test.ts also proves the failure happens.
 */
import { build, type BuildFailure, type Message } from 'esbuild';

export interface BrowserBundle {
  /** The bundled JavaScript. */
  code: string;
  /** The files that went into it, relative to the working directory. */
  inputs: string[];
}

function describe(messages: Message[]): string {
  return messages
    .map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text))
    .join('\n');
}

/** Bundles `entry` for a browser; rejects with esbuild's errors (and on any warning). */
export async function bundleForBrowser(entry: string): Promise<BrowserBundle> {
  let result;
  try {
    result = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      // ES2022, the package's target.
      target: 'es2022',
      external: [],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
  } catch (error) {
    const errors = (error as BuildFailure).errors;
    if (!Array.isArray(errors)) throw error;
    throw new Error(`browser build of ${entry} failed:\n${describe(errors)}`);
  }
  if (result.warnings.length > 0) {
    throw new Error(`browser build of ${entry} warned:\n${describe(result.warnings)}`);
  }
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}
