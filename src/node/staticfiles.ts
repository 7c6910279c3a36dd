/**
 * Static files on Node: the node:fs StaticFS the finders and the view use,
 * the storage IO (reading STATIC_ROOT/staticfiles.json, hashing with md5), and
 * collectstatic, which copies every found file into STATIC_ROOT and, with the
 * manifest storage, writes the hashed copies and the manifest.
 *
 * @example
 * const { lines } = await collectstatic({ clear: true });
 * lines.at(-1); // "12 static files copied to '/srv/static', 12 post-processed."
 */
import { CommandError } from '../core/management/base';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { getFinders, type FoundFile } from '../contrib/staticfiles/finders';
import type { StaticFS } from '../contrib/staticfiles/fs';
import { HashedFilesProcessor, insertHash, type HashTarget } from '../contrib/staticfiles/hashing';
import { ManifestStaticFilesStorage, StaticFilesStorage, resetStaticfilesStorage, staticfilesStorage, type StorageIO } from '../contrib/staticfiles/storage';
import { compareCodePoints, DEFAULT_IGNORE_PATTERNS, safeRelativePath, SuspiciousFileOperation } from '../contrib/staticfiles/utils';
import { pyJsonDumps } from '../http/response';

function missing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `root` joined with a relative '/' name; refuses to leave `root` even through odd input. */
function inside(root: string, name: string): string {
  const base = resolve(root);
  const full = resolve(base, ...safeRelativePath(name, `'${root}'`).split('/'));
  if (full !== base && !full.startsWith(base + sep)) throw new SuspiciousFileOperation(`The joined path (${name}) is located outside of '${root}'.`);
  return full;
}

/** The node:fs StaticFS (files listed in sorted order, symlinks followed). */
export const nodeStaticFS: StaticFS = {
  join: inside,
  async list(root) {
    const out: string[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if (missing(e)) return;
        throw e;
      }
      entries.sort((a, b) => compareCodePoints(a.name, b.name));
      for (const entry of entries) {
        const full = join(dir, entry.name);
        const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          const target = await stat(full).catch(() => null);
          isDir = !!target?.isDirectory();
          isFile = !!target?.isFile();
        }
        if (isDir) await walk(full, rel);
        else if (isFile) out.push(rel);
      }
    };
    await walk(root, '');
    return out;
  },
  async stat(path) {
    try {
      const s = await stat(path);
      return s.isFile() ? { size: s.size, mtime: s.mtime } : null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  },
  async read(path) {
    const b = await readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
  stream(path) {
    return Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
  },
};

/** Django's file_hash: the first 12 hex digits of the content's md5. */
export function md5Hash(content: Uint8Array): string {
  return createHash('md5').update(content).digest('hex').slice(0, 12);
}

/** The storage IO for Node: the manifest from STATIC_ROOT, and hashing a collected file for non-strict manifests. */
export const nodeStorageIO: StorageIO = {
  readManifest(location, name) {
    try {
      return readFileSync(inside(location, name), 'utf8');
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
  },
  hashStoredFile(location, name) {
    const clean = name.split('?')[0].split('#')[0];
    let full: string;
    try {
      full = inside(location, clean);
      if (!statSync(full).isFile()) return null;
    } catch (e) {
      if (missing(e)) return null;
      throw e;
    }
    return insertHash(clean, md5Hash(readFileSync(full)));
  },
};


export interface CollectstaticOptions {
  /** Ask before overwriting (Django's default; needs `confirm`). Default false for programmatic use. */
  interactive?: boolean;
  /** Answers the prompt: true (or 'yes') continues. */
  confirm?: (message: string) => boolean | string | Promise<boolean | string>;
  /** Delete the existing files in STATIC_ROOT first. */
  clear?: boolean;
  /** Report what would be done, write nothing. */
  dryRun?: boolean;
  /** 0 quiet, 1 (default) summary, 2 every file. */
  verbosity?: number;
  /** Extra glob-style patterns to skip (Django's --ignore). */
  ignorePatterns?: string[];
  /** Include Django's defaults 'CVS', '.*', '*~' (default true). */
  useDefaultIgnorePatterns?: boolean;
  /** Run the storage's post-processing (hashing); default true. */
  postProcess?: boolean;
}

export interface CollectstaticResult {
  /** Django's output, line by line (the summary last). */
  lines: string[];
  modified: string[];
  unmodified: string[];
  postProcessed: string[];
}

/** A file system target rooted at STATIC_ROOT, writing through a temporary file so no file is ever half-written. */
function rootTarget(root: string, storage: StaticFilesStorage): HashTarget & { mtime(name: string): Promise<Date | null> } {
  const plain = new StaticFilesStorage({ location: root, baseUrl: storage.baseUrl });
  return {
    async exists(name) {
      return (await stat(inside(root, name)).catch(() => null)) !== null;
    },
    async read(name) {
      const b = await readFile(inside(root, name));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    async save(name, content) {
      const full = inside(root, name);
      await mkdir(resolve(full, '..'), { recursive: true });
      const temp = `${full}.${process.pid}.tmp`;
      await writeFile(temp, content);
      await rename(temp, full);
    },
    async delete(name) {
      await rm(inside(root, name), { force: true });
    },
    describe: () => `${storage.constructor.name} at '${root}'`,
    url: (name) => plain.url(name),
    async mtime(name) {
      return (await stat(inside(root, name)).catch(() => null))?.mtime ?? null;
    },
  };
}

/**
 * Django's collectstatic: every file the finders list is copied into
 * STATIC_ROOT (the first of several with one destination path wins;
 * unmodified files are skipped), then the storage post-processes (hashed
 * names, rewritten CSS/JS references, staticfiles.json). Returns Django's
 * output lines for the CLI to print.
 */
export async function collectstatic(options: CollectstaticOptions = {}): Promise<CollectstaticResult> {
  const verbosity = options.verbosity ?? 1;
  const dryRun = options.dryRun ?? false;
  const lines: string[] = [];
  const log = (msg: string, level = 2) => {
    if (verbosity >= level) lines.push(msg);
  };
  resetStaticfilesStorage();
  const storage = staticfilesStorage();
  const root = storage.root();
  const target = rootTarget(root, storage);
  const ignore = [...(options.useDefaultIgnorePatterns === false ? [] : DEFAULT_IGNORE_PATTERNS), ...(options.ignorePatterns ?? [])];

  if (options.interactive) {
    const existing = await nodeStaticFS.list(root);
    if (existing.length) {
      const message =
        `You have requested to collect static files at the destination\nlocation as specified in your settings:\n\n    ${root}\n\n` +
        (options.clear ? 'This will DELETE ALL FILES in this location!\n' : 'This will overwrite existing files!\n') +
        "Are you sure you want to do this?\n\nType 'yes' to continue, or 'no' to cancel: ";
      if (!options.confirm) throw new CommandError('collectstatic({ interactive: true }) needs a confirm(message) callback to ask the question.');
      const answer = await options.confirm(message);
      if (answer !== true && answer !== 'yes') throw new CommandError('Collecting static files cancelled.');
    }
  }

  if (options.clear) {
    for (const name of await nodeStaticFS.list(root)) {
      if (dryRun) log(`Pretending to delete '${name}'`, 1);
      else {
        log(`Deleting '${name}'`, 1);
        await target.delete(name);
      }
    }
  }

  const found = new Map<string, FoundFile>();
  const modified: string[] = [];
  const unmodified: string[] = [];
  for (const finder of getFinders({ fs: nodeStaticFS })) {
    for await (const file of finder.list(ignore)) {
      if (found.has(file.name)) {
        log(
          `Found another file with the destination path '${file.name}'. It will be ignored since only the first encountered file is collected. If this is not what you want, make sure every static file has a unique path.`,
          1,
        );
        continue;
      }
      found.set(file.name, file);
      // Django's delete_file: an existing copy at least as new as the source is left alone.
      const existing = await target.mtime(file.name);
      if (existing) {
        const source = (await file.stat()).mtime;
        if (Math.floor(existing.getTime() / 1000) >= Math.floor(source.getTime() / 1000)) {
          if (!unmodified.includes(file.name)) unmodified.push(file.name);
          log(`Skipping '${file.name}' (not modified)`);
          continue;
        }
        if (dryRun) log(`Pretending to delete '${file.name}'`);
        else {
          log(`Deleting '${file.name}'`);
          await target.delete(file.name);
        }
      }
      if (dryRun) log(`Pretending to copy '${file.location}'`, 1);
      else {
        log(`Copying '${file.location}'`);
        await target.save(file.name, await file.read());
      }
      modified.push(file.name);
    }
  }

  const postProcessed: string[] = [];
  if ((options.postProcess ?? true) && storage instanceof ManifestStaticFilesStorage && !dryRun) {
    const processor = new HashedFilesProcessor(target, md5Hash, storage.baseUrl);
    const paths = new Map([...found].map(([name, file]) => [name, () => file.read()] as const));
    for await (const result of processor.run(paths)) {
      if (result.processed instanceof Error) {
        const error = result.processed;
        error.message = `Post-processing '${result.name}' failed!\n\n${error.message}`;
        throw error;
      }
      if (result.processed) {
        log(`Post-processed '${result.name}' as '${result.hashedName}'`);
        postProcessed.push(result.name);
      } else log(`Skipped post-processing '${result.name}'`);
    }
    await saveManifest(target, storage, processor.hashedFiles);
  }
  resetStaticfilesStorage();

  if (verbosity >= 1) {
    const count = modified.length;
    lines.push(
      '',
      `${count} static file${count === 1 ? '' : 's'} copied to '${root}'` +
        (unmodified.length ? `, ${unmodified.length} unmodified` : '') +
        (postProcessed.length ? `, ${postProcessed.length} post-processed` : '') +
        '.',
    );
  }
  return { lines, modified, unmodified, postProcessed };
}

/** ManifestFilesMixin.save_manifest: Django's JSON, byte for byte. */
async function saveManifest(target: HashTarget, storage: ManifestStaticFilesStorage, hashed: Map<string, string>): Promise<void> {
  const sorted = [...hashed].sort((a, b) => compareCodePoints(a[0], b[0]));
  const hash = md5Hash(new TextEncoder().encode(pyJsonDumps(sorted)));
  const payload = pyJsonDumps({ paths: Object.fromEntries(hashed), version: storage.manifestVersion, hash });
  await target.save(storage.manifestName, new TextEncoder().encode(payload));
}
