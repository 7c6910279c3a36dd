/**
 * Storages (django.contrib.staticfiles.storage): how a static path becomes a
 * URL. StaticFilesStorage joins STATIC_URL and the quoted path;
 * ManifestStaticFilesStorage answers the hashed name recorded in
 * STATIC_ROOT/staticfiles.json by collectstatic (Django's manifest format,
 * version 1.1), and the plain name while DEBUG is on.
 *
 * Reading a manifest is isomorphic (give the parsed JSON or its text); reading
 * it from STATIC_ROOT and hashing files needs `manouche/node`, which installs
 * those through `setStorageIO`.
 *
 * @example
 * configure({ STATIC_URL: '/static/', STORAGES: { staticfiles: { BACKEND: 'manouche.contrib.staticfiles.storage.ManifestStaticFilesStorage' } } });
 * staticfilesStorage().url('polls/style.css'); // '/static/polls/style.6e3b9a4ad0c1.css'
 */
import { ImproperlyConfigured, ValueError } from '../../core/exceptions';
import { settings } from '../../conf/settings';
import { filepathToUri, splitName, unquote, unsplitName, urljoin } from './utils';

/** What a storage needs from the host's file system (installed by manouche/node). */
export interface StorageIO {
  /** The manifest's text in `location`, or null when there is none. */
  readManifest(location: string, name: string): string | null;
  /** Django's hashed_name for a file already in `location`, or null when it does not exist. */
  hashStoredFile(location: string, name: string): string | null;
}

let io: StorageIO | undefined;

/** Installs the file access storages use (`manouche/node` does it on import). */
export function setStorageIO(value: StorageIO | undefined): void {
  io = value;
}

export interface StorageOptions {
  /** Default STATIC_ROOT. */
  location?: string | null;
  /** Default STATIC_URL. */
  baseUrl?: string | null;
}

/** Django's check_settings: STATIC_URL must be set and differ from MEDIA_URL. */
function checkBaseUrl(baseUrl: string | null | undefined): string {
  if (!baseUrl) throw new ImproperlyConfigured("You're using the staticfiles app without having set the required STATIC_URL setting.");
  if (settings.MEDIA_URL && settings.MEDIA_URL === baseUrl) throw new ImproperlyConfigured('The MEDIA_URL and STATIC_URL settings must have different values');
  return baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
}

export class StaticFilesStorage {
  readonly location: string | null;
  readonly baseUrl: string;

  constructor(options: StorageOptions = {}) {
    this.location = options.location === undefined ? settings.STATIC_ROOT : options.location;
    this.baseUrl = checkBaseUrl(options.baseUrl === undefined ? settings.STATIC_URL : options.baseUrl);
  }

  /** STATIC_ROOT, or Django's error when it is not set. */
  root(): string {
    if (!this.location) throw new ImproperlyConfigured("You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.");
    return this.location;
  }

  /** FileSystemStorage.url: STATIC_URL joined with the quoted path. */
  url(name: string): string {
    return urljoin(this.baseUrl, filepathToUri(name).replace(/^\/+/, ''));
  }
}

/** The manifest as Django reads it: { paths, version, hash }. */
export interface Manifest {
  paths: Record<string, string>;
  version: string;
  hash?: string;
}

export class ManifestStaticFilesStorage extends StaticFilesStorage {
  readonly manifestName = 'staticfiles.json';
  readonly manifestVersion = '1.1';
  manifestStrict = true;
  /** Original name → hashed name. */
  hashedFiles = new Map<string, string>();
  manifestHash = '';

  constructor(options: StorageOptions & { manifest?: Manifest | string | null; manifestStrict?: boolean } = {}) {
    super(options);
    if (options.manifestStrict !== undefined) this.manifestStrict = options.manifestStrict;
    let manifest = options.manifest;
    if (manifest === undefined) manifest = this.location && io ? io.readManifest(this.location, this.manifestName) : null;
    this.loadManifest(manifest);
  }

  /** Loads a manifest (its JSON text or the parsed object); null means none yet. */
  loadManifest(content: Manifest | string | null): void {
    if (content === null) {
      this.hashedFiles = new Map();
      this.manifestHash = '';
      return;
    }
    let stored: unknown = content;
    if (typeof content === 'string') {
      try {
        stored = JSON.parse(content);
      } catch {
        stored = undefined;
      }
    }
    const version = (stored as Manifest | undefined)?.version;
    if (stored && typeof stored === 'object' && (version === '1.0' || version === '1.1')) {
      const paths = (stored as Manifest).paths ?? {};
      this.hashedFiles = new Map(Object.entries(paths));
      this.manifestHash = (stored as Manifest).hash ?? '';
      return;
    }
    throw new ValueError(`Couldn't load manifest '${this.manifestName}' (version ${this.manifestVersion})`);
  }

  /** The hashed name recorded for `name` (query and fragment kept); strict: a missing entry is an error. */
  storedName(name: string): string {
    const parsed = splitName(unquote(name));
    const clean = parsed.path.trim();
    let cached = this.hashedFiles.get(clean);
    if (cached === undefined) {
      if (this.manifestStrict) throw new ValueError(`Missing staticfiles manifest entry for '${clean}'`);
      const hashed = io && this.location ? io.hashStoredFile(this.location, clean) : null;
      if (hashed === null) throw new ValueError(`The file '${clean}' could not be found with ${this.constructor.name} at '${this.location ?? ''}'.`);
      cached = hashed;
    }
    let path = cached;
    if (name.includes('?#') && !parsed.query) path += '?';
    return unsplitName(path, parsed.query, parsed.fragment);
  }

  /** The URL of `name`: hashed unless DEBUG (or `force`), like Django's HashedFilesMixin.url. */
  override url(name: string, force = false): string {
    let hashedName: string;
    let fragment = '';
    if (settings.DEBUG && !force) hashedName = name;
    else {
      const hash = name.indexOf('#');
      const clean = hash >= 0 ? name.slice(0, hash) : name;
      fragment = hash >= 0 ? name.slice(hash + 1) : '';
      hashedName = splitName(clean).path.endsWith('/') ? name : this.storedName(clean);
    }
    let finalUrl = super.url(hashedName);
    const queryFragment = name.includes('?#');
    if (fragment || queryFragment) {
      const parts = splitName(finalUrl);
      let path = parts.path;
      if (queryFragment && !parts.query) path += '?';
      finalUrl = unsplitName(path, parts.query, parts.fragment || fragment);
    }
    return unquote(finalUrl);
  }
}

/** A STORAGES['staticfiles'] entry. */
export interface StorageSetting {
  BACKEND: string;
  OPTIONS?: Record<string, unknown>;
}

const BACKENDS: Record<string, new (options: any) => StaticFilesStorage> = {
  'manouche.contrib.staticfiles.storage.StaticFilesStorage': StaticFilesStorage,
  'manouche.contrib.staticfiles.storage.ManifestStaticFilesStorage': ManifestStaticFilesStorage,
  // Django's names are accepted too, so a settings file reads the same.
  'django.contrib.staticfiles.storage.StaticFilesStorage': StaticFilesStorage,
  'django.contrib.staticfiles.storage.ManifestStaticFilesStorage': ManifestStaticFilesStorage,
};

let cached: { key: string; storages: unknown; storage: StaticFilesStorage } | undefined;

/** The configured static files storage (Django's staticfiles_storage), rebuilt when its settings change. */
export function staticfilesStorage(): StaticFilesStorage {
  const storages = settings.STORAGES as Record<string, StorageSetting> | undefined;
  const entry = storages?.staticfiles ?? { BACKEND: 'manouche.contrib.staticfiles.storage.StaticFilesStorage' };
  const key = `${entry.BACKEND}\0${settings.STATIC_URL}\0${settings.STATIC_ROOT}`;
  if (cached && cached.key === key && cached.storages === storages) return cached.storage;
  const Backend = BACKENDS[entry.BACKEND];
  if (!Backend) throw new ImproperlyConfigured(`Could not find backend '${entry.BACKEND}' for STORAGES['staticfiles']: expected one of ${Object.keys(BACKENDS).slice(0, 2).join(', ')}.`);
  const storage = new Backend({ ...(entry.OPTIONS ?? {}) });
  cached = { key, storages, storage };
  return storage;
}

/** Forgets the configured storage, so the next call reads settings (and the manifest) again. */
export function resetStaticfilesStorage(): void {
  cached = undefined;
}
