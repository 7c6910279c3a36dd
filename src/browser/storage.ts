/**
 * IndexedDBStorage: Django's Storage API kept in the browser's IndexedDB,
 * so uploaded files survive a reload (InMemoryStorage's rows do not). The
 * naming rules (valid names, `_<7 chars>` suffixes, no `..`) are the base
 * Storage's; this class only stores bytes under their normalized name in
 * one object store: { name, content, contentType }.
 *
 * @example
 * setDefaultStorage(new IndexedDBStorage({ database: 'media', baseUrl: '/media/' }));
 */
import { ValueError } from '../core/exceptions';
import { FileNotFoundError, Storage, StoredFile, contentBytes, listKeys, mediaUrl, normpath, type FileContent } from '../core/files/storage';
import { UploadedFile } from '../core/files/uploadedfile';

const STORE = 'files';

interface Row {
  name: string;
  content: Uint8Array;
  contentType: string;
}

export interface IndexedDBStorageOptions {
  /** The IndexedDB database name ('manouche-media' by default). */
  database?: string;
  baseUrl?: string | null;
  /** The IndexedDB factory (globalThis.indexedDB by default). */
  indexedDB?: IDBFactory;
}

/** An IDBRequest as a promise. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export class IndexedDBStorage extends Storage {
  readonly baseUrl: string | null;
  readonly database: string;
  private db: Promise<IDBDatabase> | null = null;
  private readonly factory: IDBFactory | undefined;

  constructor(options: IndexedDBStorageOptions = {}) {
    super();
    this.database = options.database ?? 'manouche-media';
    this.baseUrl = options.baseUrl === undefined ? '/media/' : options.baseUrl;
    this.factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  }

  /** The database, opened (and its store created) on first use. */
  private connect(): Promise<IDBDatabase> {
    if (!this.factory) return Promise.reject(new ValueError('IndexedDBStorage needs IndexedDB (a browser, or the indexedDB option).'));
    this.db ??= new Promise((resolve, reject) => {
      const request = this.factory!.open(this.database, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'name' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.connect()).transaction(STORE, mode).objectStore(STORE);
  }

  private async row(name: string): Promise<Row | undefined> {
    return done((await this.store('readonly')).get(normpath(name)) as IDBRequest<Row | undefined>);
  }

  protected async _save(name: string, content: FileContent): Promise<string> {
    // read everything before the transaction opens: an IndexedDB transaction ends at the first await on other work
    const bytes = await contentBytes(content);
    const contentType = content instanceof UploadedFile ? content.contentType : 'application/octet-stream';
    await done((await this.store('readwrite')).put({ name: normpath(name), content: bytes, contentType } satisfies Row));
    return name;
  }

  protected async _open(name: string): Promise<UploadedFile> {
    const row = await this.row(name);
    if (!row) throw new FileNotFoundError(`No such file in storage: '${name}'`);
    return new StoredFile(name, row.content, row.contentType);
  }

  async delete(name: string): Promise<void> {
    if (!name) throw new ValueError('The name must be given to delete().');
    await done((await this.store('readwrite')).delete(normpath(name)));
  }

  async exists(name: string): Promise<boolean> {
    return (await done((await this.store('readonly')).count(normpath(name)))) > 0;
  }

  async size(name: string): Promise<number> {
    const row = await this.row(name);
    if (!row) throw new FileNotFoundError(`No such file in storage: '${name}'`);
    return row.content.length;
  }

  async listdir(path: string): Promise<[string[], string[]]> {
    return listKeys((await done((await this.store('readonly')).getAllKeys())) as string[], path);
  }

  override url(name: string): string {
    return mediaUrl(this.baseUrl, name);
  }

  /** Closes the database connection (a later call opens it again). */
  async close(): Promise<void> {
    if (this.db) (await this.db).close();
    this.db = null;
  }
}
