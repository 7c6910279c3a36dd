/** FilePathField's directory listing on node:fs (symbolic links followed, as Python's os.scandir is_file/is_dir). */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FilePathEntry, FilePathFS } from '../forms/filepath-fs';

export const nodeFilePathFS: FilePathFS = {
  list(dir: string): FilePathEntry[] {
    return readdirSync(dir, { withFileTypes: true }).map((d) => {
      if (!d.isSymbolicLink()) return { name: d.name, isFile: d.isFile(), isDir: d.isDirectory() };
      try {
        const s = statSync(join(dir, d.name));
        return { name: d.name, isFile: s.isFile(), isDir: s.isDirectory() };
      } catch {
        return { name: d.name, isFile: false, isDir: false }; // a dangling link is neither
      }
    });
  },
  join,
};
