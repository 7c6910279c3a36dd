/**
 * Finders (django.contrib.staticfiles.finders): where static files come from.
 * FileSystemFinder searches STATICFILES_DIRS (each a path or [prefix, path]);
 * AppDirectoriesFinder searches each installed app's `static/` directory, or
 * its `staticFiles` map on hosts without a file system. The first finder (and
 * the first location within it) that has a path wins, as in Django.
 *
 * @example
 * const [file] = await find('polls/style.css');
 * file.location; // '/srv/project/polls/static/polls/style.css'
 */
import { apps } from '../../apps/registry';
import { ImproperlyConfigured } from '../../core/exceptions';
import { settings } from '../../conf/settings';
import { getStaticFS, type StaticFS, type StaticFileInfo } from './fs';
import { DEFAULT_IGNORE_PATTERNS, isIgnored, safeRelativePath } from './utils';

/** A static file a finder located. */
export interface FoundFile {
  /** Its path under STATIC_URL / STATIC_ROOT ('polls/style.css'). */
  name: string;
  /** Where it is: an absolute path, or `app '<label>' staticFiles` for an in-memory file. */
  location: string;
  stat(): Promise<StaticFileInfo>;
  read(): Promise<Uint8Array>;
  stream?(): ReadableStream<Uint8Array>;
}

export interface Finder {
  /** The locations searched by the last find() (Django's searched_locations). */
  readonly searched: string[];
  /** The matches for `path`: the first only, or every one with `all`. */
  find(path: string, all?: boolean): Promise<FoundFile[]>;
  /** Every file this finder provides, minus the ignored ones. */
  list(ignorePatterns?: readonly string[]): AsyncIterable<FoundFile>;
}

function needFS(fs: StaticFS | undefined, what: string): StaticFS {
  if (!fs) throw new ImproperlyConfigured(`${what} needs a file system: import 'manouche/node' (or pass { fs }), or give apps a staticFiles map.`);
  return fs;
}

function onDisk(fs: StaticFS, name: string, location: string): FoundFile {
  return {
    name,
    location,
    async stat() {
      const info = await fs.stat(location);
      if (!info) throw new Error(`The static file '${location}' disappeared.`);
      return info;
    },
    read: () => fs.read(location),
    stream: fs.stream ? () => fs.stream!(location) : undefined,
  };
}

async function foundOnDisk(fs: StaticFS, root: string, rel: string): Promise<FoundFile | null> {
  const location = fs.join(root, rel);
  return (await fs.stat(location)) ? onDisk(fs, rel, location) : null;
}

/** Searches STATICFILES_DIRS (Django's FileSystemFinder). */
export class FileSystemFinder implements Finder {
  readonly searched: string[] = [];
  readonly locations: Array<[prefix: string, root: string]>;
  private readonly fs: StaticFS | undefined;

  constructor(options: { dirs?: ReadonlyArray<string | readonly [string, string]>; fs?: StaticFS } = {}) {
    const dirs = options.dirs ?? (settings.STATICFILES_DIRS as ReadonlyArray<string | readonly [string, string]>);
    if (!Array.isArray(dirs)) throw new ImproperlyConfigured('The STATICFILES_DIRS setting is not a list.');
    this.fs = options.fs ?? getStaticFS();
    this.locations = dirs.map((entry) => {
      const [prefix, root] = typeof entry === 'string' ? ['', entry] : entry;
      if (typeof root !== 'string' || typeof prefix !== 'string') throw new ImproperlyConfigured(`STATICFILES_DIRS entry ${JSON.stringify(entry)} must be a path or a [prefix, path] pair.`);
      if (prefix.endsWith('/')) throw new ImproperlyConfigured(`The prefix '${prefix}' in the STATICFILES_DIRS setting must not end with a slash.`);
      if (settings.STATIC_ROOT && stripSlash(settings.STATIC_ROOT) === stripSlash(root)) {
        throw new ImproperlyConfigured('The STATICFILES_DIRS setting should not contain the STATIC_ROOT setting.');
      }
      return [prefix, root];
    });
  }

  async find(path: string, all = false): Promise<FoundFile[]> {
    const found: FoundFile[] = [];
    if (!this.locations.length) return found;
    const fs = needFS(this.fs, 'STATICFILES_DIRS');
    const safe = safeRelativePath(path);
    for (const [prefix, root] of this.locations) {
      if (!this.searched.includes(root)) this.searched.push(root);
      let rel = safe;
      if (prefix) {
        if (!safe.startsWith(prefix + '/')) continue;
        rel = safe.slice(prefix.length + 1);
      }
      const file = await foundOnDisk(fs, root, rel);
      if (file) {
        found.push({ ...file, name: safe });
        if (!all) break;
      }
    }
    return found;
  }

  async *list(ignorePatterns: readonly string[] = DEFAULT_IGNORE_PATTERNS): AsyncIterable<FoundFile> {
    if (!this.locations.length) return;
    const fs = needFS(this.fs, 'STATICFILES_DIRS');
    for (const [prefix, root] of this.locations) {
      for (const rel of await fs.list(root)) {
        if (isIgnored(rel, ignorePatterns)) continue;
        const file = onDisk(fs, prefix ? `${prefix}/${rel}` : rel, fs.join(root, rel));
        yield file;
      }
    }
  }
}

const encoder = new TextEncoder();

/** Searches each installed app's static/ directory or staticFiles map (Django's AppDirectoriesFinder). */
export class AppDirectoriesFinder implements Finder {
  readonly searched: string[] = [];
  private readonly fs: StaticFS | undefined;

  constructor(options: { fs?: StaticFS } = {}) {
    this.fs = options.fs ?? getStaticFS();
  }

  private sources(): Array<{ label: string; map?: Record<string, string | Uint8Array>; mtime?: Date; root?: string }> {
    const out: Array<{ label: string; map?: Record<string, string | Uint8Array>; mtime?: Date; root?: string }> = [];
    for (const app of apps.getAppConfigs()) {
      // In-memory files have no modification time of their own: the app says when they changed.
      if (app.staticFiles) out.push({ label: app.label, map: app.staticFiles, mtime: app.staticFilesMtime });
      else if (app.path && this.fs) out.push({ label: app.label, root: this.fs.join(app.path, 'static') });
    }
    return out;
  }

  private inMemory(label: string, name: string, value: string | Uint8Array, mtime: Date): FoundFile {
    const bytes = typeof value === 'string' ? encoder.encode(value) : value;
    return {
      name,
      location: `app '${label}' staticFiles: ${name}`,
      stat: async () => ({ size: bytes.byteLength, mtime }),
      read: async () => bytes,
    };
  }

  async find(path: string, all = false): Promise<FoundFile[]> {
    const found: FoundFile[] = [];
    const safe = safeRelativePath(path);
    for (const source of this.sources()) {
      let file: FoundFile | null = null;
      if (source.map) {
        this.searched.push(`app '${source.label}' staticFiles`);
        const value = Object.prototype.hasOwnProperty.call(source.map, safe) ? source.map[safe] : undefined;
        if (value !== undefined) file = this.inMemory(source.label, safe, value, source.mtime!);
      } else {
        this.searched.push(source.root!);
        file = await foundOnDisk(this.fs!, source.root!, safe);
      }
      if (file) {
        found.push(file);
        if (!all) break;
      }
    }
    return found;
  }

  async *list(ignorePatterns: readonly string[] = DEFAULT_IGNORE_PATTERNS): AsyncIterable<FoundFile> {
    for (const source of this.sources()) {
      if (source.map) {
        for (const [name, value] of Object.entries(source.map)) {
          const safe = safeRelativePath(name, `app '${source.label}' staticFiles`);
          if (!isIgnored(safe, ignorePatterns)) yield this.inMemory(source.label, safe, value, source.mtime!);
        }
      } else {
        for (const rel of await this.fs!.list(source.root!)) {
          if (!isIgnored(rel, ignorePatterns)) yield onDisk(this.fs!, rel, this.fs!.join(source.root!, rel));
        }
      }
    }
  }
}

function stripSlash(p: string): string {
  return p.length > 1 ? p.replace(/[\\/]+$/, '') : p;
}

/** The finders of STATICFILES_FINDERS' default order: file system first, then apps. */
export function getFinders(options: { fs?: StaticFS } = {}): Finder[] {
  return [new FileSystemFinder(options), new AppDirectoriesFinder(options)];
}

/** Django's finders.find(): the first match for `path`, or every match with `all`. */
export async function find(path: string, options: { all?: boolean; fs?: StaticFS; finders?: Finder[] } = {}): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  for (const finder of options.finders ?? getFinders(options)) {
    const hits = await finder.find(path, options.all ?? false);
    found.push(...hits);
    if (hits.length && !options.all) break;
  }
  return found;
}

/**
 * The findstatic command's work: the locations of `path` and Django's output
 * lines ("Found 'css/base.css' here:" and the paths, or "No matching file found
 * for 'x'."; the searched locations at verbosity 2).
 */
export async function findStatic(path: string, options: { all?: boolean; verbosity?: number; fs?: StaticFS } = {}): Promise<{ found: string[]; lines: string[] }> {
  const finders = getFinders(options);
  const files = await find(path, { all: options.all ?? true, finders });
  const found = files.map((f) => f.location);
  const verbosity = options.verbosity ?? 1;
  const lines: string[] = [];
  if (found.length) {
    if (verbosity >= 1) lines.push(`Found '${path}' here:`, ...found.map((l) => `  ${l}`));
  } else if (verbosity >= 1) {
    lines.push(`No matching file found for '${path}'.`);
  }
  if (verbosity >= 2) {
    const searched = finders.flatMap((f) => f.searched);
    lines.push('', 'Looking in the following locations:', ...searched.map((l) => `  ${l}`));
  }
  return { found, lines };
}
