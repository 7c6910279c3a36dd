/**
 * Node's file system for template loaders: pass `fs: nodeTemplateFS` with
 * `dirs` to an Engine.
 *
 * @example
 * import { Engine } from 'manouche/template';
 * import { nodeTemplateFS } from 'manouche/node';
 * const engine = new Engine({ dirs: ['templates'], fs: nodeTemplateFS });
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TemplateFS } from '../template/loaders';

export const nodeTemplateFS: TemplateFS = {
  readFile(path: string): string | null {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw e;
    }
  },
  join(dir: string, name: string): string {
    return join(resolve(dir), name);
  },
};
