/**
 * File storage (django.core.files.storage): where FileField puts files.
 *
 * `Storage` holds Django's naming rules — generateFilename() (a valid name,
 * no `..`), getAvailableName() (an `_<7 random chars>` suffix while the name
 * is taken or longer than maxLength), save() — over five primitives a
 * backend implements: _save, _open, delete, exists, size (and url, path
 * where they exist). `InMemoryStorage` is the isomorphic one (the browser's
 * default, and tests'); `FileSystemStorage` (MEDIA_ROOT on disk) is in
 * `manouche/node`. Storage I/O is async; url() and path() are not.
 *
 * @example
 * const storage = new InMemoryStorage({ baseUrl: '/media/' });
 * const name = await storage.save('docs/a b.txt', new SimpleUploadedFile('a.txt', 'hi')); // 'docs/a_b.txt'
 * await storage.save('docs/a b.txt', 'again');   // 'docs/a_b_x7Ka9Qz.txt'
 * storage.url(name);                             // '/media/docs/a_b.txt'
 */
import { ImproperlyConfigured, SuspiciousOperation, ValueError } from '../exceptions';
import { InMemoryUploadedFile, UploadedFile } from './uploadedfile';

/** A file name that escapes its storage or cannot be a file name (Django's SuspiciousFileOperation: a 400). */
export class SuspiciousFileOperation extends SuspiciousOperation {
  override name = 'SuspiciousFileOperation';
}

/** What save() accepts: an uploaded or stored file, bytes, text or a Blob. */
export type FileContent = UploadedFile | Uint8Array | string | Blob;

const encoder = new TextEncoder();
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Django's get_random_string (web crypto). */
export function getRandomString(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Django's get_valid_filename: spaces to `_`, only `-`, word characters and `.` kept. */
export function getValidFilename(name: string): string {
  const s = String(name).trim().replace(/ /g, '_').replace(/[^-\p{L}\p{N}_.]/gu, '');
  if (s === '' || s === '.' || s === '..') throw new SuspiciousFileOperation(`Could not derive file name from '${name}'`);
  return s;
}

/** POSIX split: [dirname, basename]. */
export function splitPath(name: string): [string, string] {
  const i = name.lastIndexOf('/');
  return i < 0 ? ['', name] : [name.slice(0, i), name.slice(i + 1)];
}

function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** Python's posixpath.normpath for a relative name ('a/./b//c' → 'a/b/c'). */
export function normpath(name: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  return parts.join('/') || '.';
}

/** Python's splitext: the extension starts at the last dot of the base name (a leading dot is not one). */
function splitext(name: string): [string, string] {
  const i = name.lastIndexOf('.');
  if (i <= 0 || /^\.+$/.test(name.slice(0, i + 1))) return [name, ''];
  return [name.slice(0, i), name.slice(i)];
}

/**
 * Django's validate_file_name: refuses an empty name, `.`/`..`, NUL, and —
 * for a relative path — an absolute one or one with `..` (otherwise any
 * directory part).
 */
export function validateFileName(name: string, allowRelativePath = false): string {
  if (name.includes('\0')) throw new SuspiciousFileOperation(`File name '${name.replace(/\0/g, '\\x00')}' contains a NUL character`);
  const base = splitPath(name.replace(/\\/g, '/'))[1];
  if (base === '' || base === '.' || base === '..') throw new SuspiciousFileOperation(`Could not derive file name from '${name}'`);
  if (allowRelativePath) {
    const posix = name.replace(/\\/g, '/');
    if (posix.startsWith('/') || /^[A-Za-z]:/.test(posix) || posix.split('/').includes('..')) {
      throw new SuspiciousFileOperation(`Detected path traversal attempt in '${name}'`);
    }
  } else if (name !== base) {
    throw new SuspiciousFileOperation(`File name '${name}' includes path elements`);
  }
  return name;
}

/** The bytes of any FileContent. */
export async function contentBytes(content: FileContent): Promise<Uint8Array> {
  if (typeof content === 'string') return encoder.encode(content);
  if (content instanceof Uint8Array) return content;
  if (content instanceof UploadedFile) return content.bytes();
  if (typeof Blob !== 'undefined' && content instanceof Blob) return new Uint8Array(await content.arrayBuffer());
  throw new TypeError(`Cannot store ${Object.prototype.toString.call(content)}: pass an UploadedFile, a Uint8Array, a string or a Blob.`);
}

/** The content in chunks (an upload spilled to disk is never read whole). */
export async function* contentChunks(content: FileContent): AsyncIterable<Uint8Array> {
  if (content instanceof UploadedFile) yield* content.chunks();
  else yield await contentBytes(content);
}

/** Django's Storage: the naming rules every backend shares. */
export abstract class Storage {
  /**
   * Saves `content` under a free name derived from `name` (content's own
   * name when null); returns the name actually used, which is what a
   * FileField stores.
   */
  async save(name: string | null, content: FileContent, maxLength: number | null = null): Promise<string> {
    if (name === null || name === undefined) {
      name = content instanceof UploadedFile ? content.name : typeof Blob !== 'undefined' && content instanceof Blob && 'name' in content ? String((content as File).name) : null;
      if (!name) throw new ValueError('save() needs a name when the content has none.');
    }
    validateFileName(name, true);
    let available = await this.getAvailableName(name, maxLength);
    available = await this._save(available, content);
    return validateFileName(available, true);
  }

  /** Django's get_valid_name. */
  getValidName(name: string): string {
    return getValidFilename(name);
  }

  /**
   * Django's get_alternative_name: `<root>_<7 random characters><ext>`.
   */
  getAlternativeName(fileRoot: string, fileExt: string): string {
    return `${fileRoot}_${getRandomString(7)}${fileExt}`;
  }

  /**
   * A name free in this storage (Django's get_available_name): `name`
   * itself, or with a random suffix while it is taken; the root is
   * shortened to fit maxLength, and a name that cannot fit is refused.
   */
  async getAvailableName(name: string, maxLength: number | null = null): Promise<string> {
    name = String(name).replace(/\\/g, '/');
    const [dirName, fileName] = splitPath(name);
    if (dirName.split('/').includes('..')) throw new SuspiciousFileOperation(`Detected path traversal attempt in '${dirName}'`);
    validateFileName(fileName);
    let [fileRoot, fileExt] = splitext(fileName);
    while ((await this.exists(name)) || (maxLength !== null && name.length > maxLength)) {
      name = joinPath(dirName, this.getAlternativeName(fileRoot, fileExt));
      if (maxLength === null) continue;
      const truncation = name.length - maxLength;
      if (truncation > 0) {
        fileRoot = fileRoot.slice(0, -truncation);
        if (!fileRoot) {
          throw new SuspiciousFileOperation(`Storage can not find an available filename for "${name}". Please make sure that the corresponding file field allows sufficient "maxLength".`);
        }
        name = joinPath(dirName, this.getAlternativeName(fileRoot, fileExt));
      }
    }
    return name;
  }

  /**
   * The storage name for `filename` as a FileField's uploadTo produced it
   * (Django's generate_filename): `..` refused, the base name made valid.
   */
  generateFilename(filename: string): string {
    filename = String(filename).replace(/\\/g, '/');
    if (filename.includes('\0')) throw new SuspiciousFileOperation(`File name '${filename.replace(/\0/g, '\\x00')}' contains a NUL character`);
    const [dirName, fileName] = splitPath(filename);
    if (dirName.split('/').includes('..')) throw new SuspiciousFileOperation(`Detected path traversal attempt in '${dirName}'`);
    return normpath(joinPath(dirName, this.getValidName(fileName)));
  }

  /** The stored file (Django's open()); File.name is the storage name. */
  async open(name: string): Promise<UploadedFile> {
    validateFileName(name, true);
    return this._open(name);
  }

  /** The absolute path on a local file system; storages without one say so. */
  path(_name: string): string {
    throw new NotImplementedError("This backend doesn't support absolute paths.");
  }

  /** The URL the file is served at (ValueError when the storage has no base URL). */
  url(_name: string): string {
    throw new NotImplementedError('subclasses of Storage must provide a url() method');
  }

  protected abstract _save(name: string, content: FileContent): Promise<string>;
  protected abstract _open(name: string): Promise<UploadedFile>;
  abstract delete(name: string): Promise<void>;
  abstract exists(name: string): Promise<boolean>;
  abstract size(name: string): Promise<number>;
  /** [directories, files] directly under `path`. */
  abstract listdir(path: string): Promise<[string[], string[]]>;
}

/** Python's NotImplementedError. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/** Django's filepath_to_uri: a storage name as a URL path (each segment percent-encoded, `/` kept). */
export function filepathToUri(name: string): string {
  return encodeURI(name.replace(/\\/g, '/')).replace(/[?#]/g, encodeURIComponent);
}

/** Joins MEDIA_URL and a name (base ending in `/`, as Django requires of MEDIA_URL). */
export function mediaUrl(baseUrl: string | null, name: string): string {
  if (baseUrl === null) throw new ValueError('This file is not accessible via a URL.');
  if (baseUrl && !baseUrl.endsWith('/')) throw new ImproperlyConfigured(`The storage's base URL ('${baseUrl}') must end in a slash.`);
  return baseUrl + filepathToUri(name).replace(/^\/+/, '');
}

/** A file read from a storage (Django's File over a storage's bytes). */
export class StoredFile extends InMemoryUploadedFile {
  constructor(name: string, content: Uint8Array, contentType?: string) {
    super(name, content, contentType);
    this.name = name; // the storage name, directories included
  }
}

export interface InMemoryStorageOptions {
  /** The URL prefix of url() (Django's base_url); null: no URLs. */
  baseUrl?: string | null;
}

/**
 * Files held in a Map (Django 4.2's InMemoryStorage): isomorphic, the
 * browser's storage and the tests'. Content is copied in and out.
 */
export class InMemoryStorage extends Storage {
  readonly baseUrl: string | null;
  private readonly files = new Map<string, { content: Uint8Array; contentType: string }>();

  constructor(options: InMemoryStorageOptions = {}) {
    super();
    this.baseUrl = options.baseUrl === undefined ? '/media/' : options.baseUrl;
  }

  protected async _save(name: string, content: FileContent): Promise<string> {
    const parts: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of contentChunks(content)) {
      parts.push(chunk.slice());
      total += chunk.length;
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    const contentType = content instanceof UploadedFile ? content.contentType : 'application/octet-stream';
    this.files.set(normpath(name), { content: bytes, contentType });
    return name;
  }

  protected async _open(name: string): Promise<UploadedFile> {
    const f = this.files.get(normpath(name));
    if (!f) throw new FileNotFoundError(`No such file in storage: '${name}'`);
    return new StoredFile(name, f.content.slice(), f.contentType);
  }

  async delete(name: string): Promise<void> {
    if (!name) throw new ValueError('The name must be given to delete().');
    this.files.delete(normpath(name));
  }

  async exists(name: string): Promise<boolean> {
    return this.files.has(normpath(name));
  }

  async size(name: string): Promise<number> {
    const f = this.files.get(normpath(name));
    if (!f) throw new FileNotFoundError(`No such file in storage: '${name}'`);
    return f.content.length;
  }

  async listdir(path: string): Promise<[string[], string[]]> {
    return listKeys(this.files.keys(), path);
  }

  override url(name: string): string {
    return mediaUrl(this.baseUrl, name);
  }
}

/** Python's FileNotFoundError. */
export class FileNotFoundError extends Error {
  override name = 'FileNotFoundError';
}

let defaultStorageValue: Storage | null = null;

/**
 * Sets the storage FileFields use when they name none (Django's
 * STORAGES['default']): `new FileSystemStorage()` from `manouche/node`, or an
 * InMemoryStorage.
 */
export function setDefaultStorage(storage: Storage | null): void {
  defaultStorageValue = storage;
}

/** The default storage (Django's default_storage); ImproperlyConfigured when none is set. */
export function defaultStorage(): Storage {
  if (!defaultStorageValue) {
    throw new ImproperlyConfigured("No default file storage: call setDefaultStorage(new FileSystemStorage()) (from 'manouche/node') or setDefaultStorage(new InMemoryStorage()), or give the FileField a storage.");
  }
  return defaultStorageValue;
}

/**
 * listdir() over a flat store whose keys are file names ('a/b/c.txt'): the
 * directories and files directly under `path`, each sorted.
 */
export function listKeys(keys: Iterable<string>, path: string): [string[], string[]] {
  const prefix = normpath(path) === '.' ? '' : `${normpath(path)}/`;
  const dirs = new Set<string>();
  const files: string[] = [];
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash < 0) files.push(rest);
    else dirs.add(rest.slice(0, slash));
  }
  return [[...dirs].sort(), files.sort()];
}
