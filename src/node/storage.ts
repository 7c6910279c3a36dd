/**
 * Files on disk (django.core.files.storage.FileSystemStorage): names are
 * relative to `location` (MEDIA_ROOT by default) and served under `baseUrl`
 * (MEDIA_URL). Every name goes through safeJoin, so `..`, absolute paths
 * and NUL never reach the file system; a file is created with O_EXCL, so
 * two saves racing for one name both succeed under different names.
 *
 * @example
 * import { FileSystemStorage } from 'manouche/node';
 * setDefaultStorage(new FileSystemStorage());       // MEDIA_ROOT, MEDIA_URL
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { settings } from '../conf/settings';
import { ImproperlyConfigured, ValueError } from '../core/exceptions';
import { type FileContent, FileNotFoundError, Storage, SuspiciousFileOperation, contentChunks, mediaUrl, validateFileName } from '../core/files/storage';
import { UploadedFile } from '../core/files/uploadedfile';

export interface FileSystemStorageOptions {
  /** The directory files go in (default: settings.MEDIA_ROOT, read when used). */
  location?: string;
  /** The URL prefix (default: settings.MEDIA_URL). */
  baseUrl?: string | null;
  /** Mode of new files (default 0o644). */
  fileMode?: number;
  /** Mode of new directories (default 0o755). */
  directoryMode?: number;
}

/** A file in a FileSystemStorage, read in chunks from disk. */
export class FileSystemFile extends UploadedFile {
  constructor(
    name: string,
    private readonly fullPath: string,
    size: number,
  ) {
    super(name, size);
    this.name = name;
  }

  head(n: number): Uint8Array {
    throw new ValueError(`head(${n}) is not available on a stored file; read it with chunks() or bytes().`);
  }

  async *chunks(chunkSize = 64 * 1024): AsyncIterable<Uint8Array> {
    for await (const chunk of createReadStream(this.fullPath, { highWaterMark: chunkSize })) yield new Uint8Array(chunk as Buffer);
  }
}

export class FileSystemStorage extends Storage {
  private readonly options: FileSystemStorageOptions;

  constructor(options: FileSystemStorageOptions = {}) {
    super();
    this.options = options;
  }

  /** The absolute storage directory. */
  get location(): string {
    const loc = this.options.location ?? settings.MEDIA_ROOT;
    if (!loc) throw new ImproperlyConfigured('FileSystemStorage needs a location: set MEDIA_ROOT or pass { location }.');
    return resolve(loc);
  }

  get baseUrl(): string | null {
    return this.options.baseUrl === undefined ? settings.MEDIA_URL : this.options.baseUrl;
  }

  /**
   * The absolute path of `name` (Django's safe_join): refused when it is
   * absolute, has `..` or NUL, or would land outside the location.
   */
  override path(name: string): string {
    validateFileName(name, true);
    if (isAbsolute(name)) throw new SuspiciousFileOperation(`Detected path traversal attempt in '${name}'`);
    const base = this.location;
    const full = resolve(base, name);
    if (full !== base && !full.startsWith(base.endsWith(sep) ? base : base + sep)) {
      throw new SuspiciousFileOperation(`The joined path (${full}) is located outside of the base path component (${base})`);
    }
    return full;
  }

  protected async _save(name: string, content: FileContent): Promise<string> {
    for (;;) {
      const full = this.path(name);
      await mkdir(dirname(full), { recursive: true, mode: this.options.directoryMode ?? 0o755 });
      let handle;
      try {
        handle = await open(full, 'wx', this.options.fileMode ?? 0o644);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
          name = await this.getAvailableName(name); // another save took it between exists() and open()
          continue;
        }
        throw e;
      }
      try {
        for await (const chunk of contentChunks(content)) await handle.write(chunk);
      } catch (e) {
        await handle.close();
        await rm(full, { force: true });
        throw e;
      }
      await handle.close();
      return name;
    }
  }

  protected async _open(name: string): Promise<UploadedFile> {
    const full = this.path(name);
    let size: number;
    try {
      size = (await stat(full)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(`No such file in storage: '${name}'`);
      throw e;
    }
    return new FileSystemFile(name, full, size);
  }

  async delete(name: string): Promise<void> {
    if (!name) throw new ValueError('The name must be given to delete().');
    await rm(this.path(name), { force: true });
  }

  async exists(name: string): Promise<boolean> {
    try {
      await stat(this.path(name));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async size(name: string): Promise<number> {
    try {
      return (await stat(this.path(name))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new FileNotFoundError(`No such file in storage: '${name}'`);
      throw e;
    }
  }

  async listdir(path: string): Promise<[string[], string[]]> {
    const full = path === '' || path === '.' ? this.location : this.path(path);
    const entries = await readdir(full, { withFileTypes: true });
    const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const files = entries.filter((e) => !e.isDirectory()).map((e) => e.name).sort();
    return [dirs, files];
  }

  override url(name: string): string {
    return mediaUrl(this.baseUrl, name);
  }
}

