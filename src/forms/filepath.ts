/**
 * Django's forms.FilePathField: a ChoiceField whose choices are the files
 * (and/or folders) under `path`, optionally `recursive`, filtered by the
 * regular expression `match` (searched in the name). Listing a directory
 * needs a file system, which stays out of the isomorphic forms: the
 * listing comes through setFilePathFS(), which `manouche/node` installs
 * (node:fs). Without one the field says so when it is built.
 *
 * @example
 * new FilePathField({ path: '/srv/templates', match: '\\.html$', recursive: true })
 */
import { ImproperlyConfigured } from '../core/exceptions';
import { ChoiceField, type ChoiceFieldOptions } from './fields';
import { installedFilePathFS, type FilePathEntry, type FilePathFS } from './filepath-fs';

export { setFilePathFS, type FilePathEntry, type FilePathFS } from './filepath-fs';

export interface FilePathFieldOptions extends Omit<ChoiceFieldOptions, 'choices'> {
  path: string;
  match?: string | RegExp | null;
  recursive?: boolean;
  allowFiles?: boolean;
  allowFolders?: boolean;
  /** The file system to list (the installed one by default). */
  fs?: FilePathFS;
}

const byName = (a: FilePathEntry, b: FilePathEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class FilePathField extends ChoiceField<string> {
  readonly path: string;
  readonly match: RegExp | null;
  readonly recursive: boolean;
  readonly allowFiles: boolean;
  readonly allowFolders: boolean;

  constructor(options: FilePathFieldOptions) {
    const { path, match = null, recursive = false, allowFiles = true, allowFolders = false, fs = installedFilePathFS(), ...rest } = options;
    super(rest as never);
    if (typeof path !== 'string' || !path) throw new TypeError('FilePathField needs `path`: the directory whose entries are the choices.');
    if (!fs) throw new ImproperlyConfigured("FilePathField lists the file system: import 'manouche/node' (or call setFilePathFS()) first.");
    this.path = path;
    this.match = match === null ? null : match instanceof RegExp ? match : new RegExp(match);
    this.recursive = recursive;
    this.allowFiles = allowFiles;
    this.allowFolders = allowFolders;
    const choices: Array<[string, string]> = this.required ? [] : [['', '---------']];
    const wanted = (e: FilePathEntry) => e.name !== '__pycache__' && (this.match === null || this.match.test(e.name));
    if (recursive) {
      // Python's sorted(os.walk(path)): directories by path; in each, files then folders, by name
      for (const [root, entries] of walk(fs, path).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const sorted = [...entries].sort(byName);
        const add = (e: FilePathEntry) => {
          const full = fs.join(root, e.name);
          choices.push([full, full.replace(path, '')]);
        };
        if (allowFiles) sorted.filter((e) => e.isFile && (this.match === null || this.match.test(e.name))).forEach(add);
        if (allowFolders) sorted.filter((e) => e.isDir && wanted(e)).forEach(add);
      }
    } else {
      const own = fs.list(path).filter((e) => ((allowFiles && e.isFile) || (allowFolders && e.isDir)) && wanted(e)).sort(byName);
      for (const e of own) choices.push([fs.join(path, e.name), e.name]);
    }
    this.choices = choices;
  }
}

/** [directory, its entries] for `root` and every folder below it (os.walk). */
function walk(fs: FilePathFS, root: string): Array<[string, FilePathEntry[]]> {
  const out: Array<[string, FilePathEntry[]]> = [];
  const pending = [root];
  while (pending.length) {
    const dir = pending.pop()!;
    const entries = fs.list(dir);
    out.push([dir, entries]);
    for (const e of entries) if (e.isDir) pending.push(fs.join(dir, e.name));
  }
  return out;
}
