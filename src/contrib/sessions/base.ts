/**
 * Django's SessionBase (django.contrib.sessions.backends.base): a dict-like
 * session whose data a backend stores under a random key. `modified` and
 * `accessed` tell the middleware whether to save and whether to vary on
 * Cookie.
 *
 * Loading is the one async step: `await session.load()` reads the store
 * once; then get/set/delete/... are synchronous, as in Django. The `a*`
 * methods (aget, aset, apop, ahas, aitems) load first, like Django 5's.
 * Session data is encoded as Django does (signing.dumps with salt
 * 'django.contrib.sessions.SessionStore', compressed JSON), so a session
 * row written by Django reads here.
 *
 * @example
 * const s = new SessionStore(cookieValue);
 * await s.load();
 * s.set('cart', [1, 2]);          // modified = true
 * await s.save();
 */
import { settings } from '../../conf/settings';
import { BadSignature, dumps, loads } from '../../core/signing';
import { getRandomString } from '../../utils/crypto';

export const VALID_KEY_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const EXPIRY = '_session_expiry';
export const TEST_COOKIE_NAME = 'testcookie';
export const TEST_COOKIE_VALUE = 'worked';

type Data = Record<string, unknown>;

/** Verified session data by salt, then by the stored value; bounded by clearing. */
const decoded = new Map<string, Map<string, { secret: string; fallbacks: readonly string[]; flat: Data | null; json: string }>>();
const DECODED_MAX = 1000;

/** An expiry as SessionBase.setExpiry takes it: seconds, a Date, 0 (browser close) or null (the default). */
export type Expiry = number | Date | null;

export abstract class SessionBase {
  /** Salt of the session data's signature (Django: 'django.contrib.sessions.' + class qualname). */
  readonly keySalt: string = 'django.contrib.sessions.SessionStore';
  accessed = false;
  modified = false;
  private key: string | null = null;
  protected cache: Data | null = null;

  constructor(sessionKey: string | null = null) {
    this.sessionKey = sessionKey;
  }

  /** The key; invalid keys (shorter than 8 characters) become null, as Django's _validate_session_key. */
  get sessionKey(): string | null {
    return this.key;
  }
  protected set sessionKey(value: string | null) {
    this.key = this.validateSessionKey(value) ? value : null;
  }

  protected validateSessionKey(key: string | null): key is string {
    return typeof key === 'string' && key.length >= 8;
  }

  /** Reads the session from the store once (Django's lazy _get_session). */
  load(): Promise<this> {
    this.accessed = true;
    if (this.cache === null && this.sessionKey !== null) {
      let reading: Promise<Data>;
      try {
        reading = this.loadData();
      } catch (e) {
        return Promise.reject(e); // a store that throws at once still answers a rejection, as the async load() did
      }
      return reading.then((data) => this.loaded(data));
    }
    // Not an async function: read once per request, it would suspend a frame on every one.
    this.cache ??= {};
    return Promise.resolve(this);
  }

  private loaded(data: Data): this {
    this.cache = data;
    return this;
  }

  /** True once load() ran (or nothing needs loading). */
  get isLoaded(): boolean {
    return this.cache !== null || this.sessionKey === null;
  }

  /** The data; throws when the store was not read yet. */
  protected get session(): Data {
    this.accessed = true;
    if (this.cache === null) {
      if (this.sessionKey !== null) {
        throw new Error('The session is not loaded: await session.load() first, or use the async methods (aget, aset, ...).');
      }
      this.cache = {};
    }
    return this.cache;
  }

  get<T = unknown>(key: string, defaultValue?: T): T | undefined {
    const s = this.session;
    return Object.prototype.hasOwnProperty.call(s, key) ? (s[key] as T) : defaultValue;
  }

  set(key: string, value: unknown): void {
    this.session[key] = value;
    this.modified = true;
  }

  /** Removes a key; a missing key is a KeyError in Django, here a thrown Error. */
  delete(key: string): void {
    const s = this.session;
    if (!Object.prototype.hasOwnProperty.call(s, key)) throw new Error(`KeyError: '${key}'`);
    delete s[key];
    this.modified = true;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.session, key);
  }

  pop<T = unknown>(key: string, ...defaultValue: [T?]): T | undefined {
    const s = this.session;
    const present = Object.prototype.hasOwnProperty.call(s, key);
    this.modified = this.modified || present;
    if (!present) {
      if (defaultValue.length) return defaultValue[0];
      throw new Error(`KeyError: '${key}'`);
    }
    const v = s[key] as T;
    delete s[key];
    return v;
  }

  setdefault<T>(key: string, value: T): T {
    if (this.has(key)) return this.session[key] as T;
    this.set(key, value);
    return value;
  }

  update(values: Data): void {
    Object.assign(this.session, values);
    this.modified = true;
  }

  keys(): string[] {
    return Object.keys(this.session);
  }

  values(): unknown[] {
    return Object.values(this.session);
  }

  items(): Array<[string, unknown]> {
    return Object.entries(this.session);
  }

  /** Empties the session without touching the store or the key (Django's clear()). */
  clear(): void {
    this.cache = {};
    this.accessed = true;
    this.modified = true;
  }

  /** True when there is no key and no data (the middleware then deletes the cookie). */
  isEmpty(): boolean {
    if (this.sessionKey) return false;
    for (const _ in this.cache) return false; // null has no keys either
    return true;
  }

  async aget<T = unknown>(key: string, defaultValue?: T): Promise<T | undefined> {
    if (this.cache === null) await this.load(); // loaded already (CSRF_USE_SESSIONS read it): no load() call to await
    return this.get(key, defaultValue);
  }
  async aset(key: string, value: unknown): Promise<void> {
    (await this.load()).set(key, value);
  }
  async apop<T = unknown>(key: string, ...defaultValue: [T?]): Promise<T | undefined> {
    return (await this.load()).pop(key, ...defaultValue);
  }
  async ahas(key: string): Promise<boolean> {
    return (await this.load()).has(key);
  }
  async aitems(): Promise<Array<[string, unknown]>> {
    return (await this.load()).items();
  }

  setTestCookie(): void {
    this.set(TEST_COOKIE_NAME, TEST_COOKIE_VALUE);
  }
  testCookieWorked(): boolean {
    return this.get(TEST_COOKIE_NAME) === TEST_COOKIE_VALUE;
  }
  deleteTestCookie(): void {
    this.delete(TEST_COOKIE_NAME);
  }

  /** Django's encode: signing.dumps(data, salt=keySalt, compress=True). */
  encode(data: Data): Promise<string> {
    return dumps(data, { salt: this.keySalt, compress: true });
  }

  /** Django's decode: tampered or unreadable data is an empty session, never an error. */
  async decode(sessionData: string): Promise<Data> {
    // A stored value already verified under this salt and SECRET_KEY is not
    // checked, decompressed and parsed again: the database and cache backends
    // read the same text on every request of a session. Each call gets its own
    // copy, since the session mutates it: a spread when every value is a
    // primitive (a session's usual contents), else a deep one through JSON,
    // whose parser is cold code by the time a request reaches it.
    const verified = decoded.get(this.keySalt)?.get(sessionData);
    if (verified !== undefined && verified.secret === settings.SECRET_KEY && verified.fallbacks === settings.SECRET_KEY_FALLBACKS)
      return verified.flat !== null ? { ...verified.flat } : (JSON.parse(verified.json) as Data);
    try {
      const v = await loads(sessionData, { salt: this.keySalt });
      if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
      let bySalt = decoded.get(this.keySalt);
      if (!bySalt) decoded.set(this.keySalt, (bySalt = new Map()));
      if (bySalt.size >= DECODED_MAX) bySalt.clear();
      const json = JSON.stringify(v);
      const flat = Object.values(v).every((x) => x === null || typeof x !== 'object') ? (JSON.parse(json) as Data) : null; // the cache's own copy
      bySalt.set(sessionData, { secret: settings.SECRET_KEY, fallbacks: settings.SECRET_KEY_FALLBACKS, flat, json });
      return v as Data;
    } catch (e) {
      if (!(e instanceof BadSignature)) return {};
      return {}; // Django logs "Session data corrupted" here
    }
  }

  /** A fresh random key (32 characters of a-z0-9) not in the store. */
  protected async newSessionKey(): Promise<string> {
    for (;;) {
      const key = getRandomString(32, VALID_KEY_CHARS);
      if (!(await this.exists(key))) return key;
    }
  }

  protected async getOrCreateSessionKey(): Promise<string> {
    if (this.sessionKey === null) this.sessionKey = await this.newSessionKey();
    return this.sessionKey!;
  }

  /** SESSION_COOKIE_AGE, in seconds. */
  getSessionCookieAge(): number {
    return settings.SESSION_COOKIE_AGE;
  }

  /** Seconds until the session expires (Django's get_expiry_age). */
  getExpiryAge(options: { modification?: Date; expiry?: unknown } = {}): number {
    const modification = options.modification ?? new Date();
    const expiry = 'expiry' in options ? options.expiry : this.get(EXPIRY);
    if (!expiry) return this.getSessionCookieAge();
    if (typeof expiry === 'number') return expiry;
    const date = expiry instanceof Date ? expiry : new Date(String(expiry));
    return Math.floor((date.getTime() - modification.getTime()) / 1000);
  }

  /** When the session expires (Django's get_expiry_date). */
  getExpiryDate(options: { modification?: Date; expiry?: unknown } = {}): Date {
    const modification = options.modification ?? new Date();
    const expiry = 'expiry' in options ? options.expiry : this.get(EXPIRY);
    if (expiry instanceof Date) return expiry;
    if (typeof expiry === 'string') return new Date(expiry);
    const seconds = (expiry as number) || this.getSessionCookieAge();
    return new Date(modification.getTime() + seconds * 1000);
  }

  /**
   * Django's set_expiry: seconds of inactivity, a Date, 0 for "at browser
   * close", null for SESSION_COOKIE_AGE / SESSION_EXPIRE_AT_BROWSER_CLOSE.
   */
  setExpiry(value: Expiry): void {
    if (value === null) {
      if (this.has(EXPIRY)) this.delete(EXPIRY);
      return;
    }
    // a date is stored as ISO 8601 with an offset, as Python's isoformat() writes it
    this.set(EXPIRY, value instanceof Date ? value.toISOString().replace('Z', '+00:00') : value);
  }

  /** Whether the cookie should be a browser-session cookie (Django's get_expire_at_browser_close). */
  getExpireAtBrowserClose(): boolean {
    const expiry = this.get(EXPIRY);
    if (expiry === undefined || expiry === null) return settings.SESSION_EXPIRE_AT_BROWSER_CLOSE;
    return expiry === 0;
  }

  /** Deletes the data and the stored session, and forgets the key (logout). */
  async flush(): Promise<void> {
    this.clear();
    await this.deleteSession();
    this.sessionKey = null;
  }

  /** Keeps the data under a new key and deletes the old row (login: no session fixation). */
  async cycleKey(): Promise<void> {
    await this.load();
    const data = this.cache!;
    const key = this.sessionKey;
    await this.create();
    this.cache = data;
    if (key) await this.deleteSession(key);
  }

  /** Whether a session with this key exists in the store. */
  abstract exists(sessionKey: string): Promise<boolean>;
  /** Creates an empty session with a new key and saves it (modified = true). */
  abstract create(): Promise<void>;
  /** Saves the data; `mustCreate` fails with CreateError when the key exists. */
  abstract save(mustCreate?: boolean): Promise<void>;
  /** Deletes the stored session (this one by default). */
  abstract deleteSession(sessionKey?: string | null): Promise<void>;
  /** Reads the data of `sessionKey` from the store (Django's load()); {} and a null key when it is gone. */
  protected abstract loadData(): Promise<Data>;
}
