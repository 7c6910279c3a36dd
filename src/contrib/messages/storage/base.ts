/**
 * Django's Message and BaseStorage (django.contrib.messages.storage.base).
 * Messages added during a request are queued; update(response) stores the
 * queue (plus the unread old ones) unless the old ones were iterated, which
 * marks them used. Reading the stored messages is async (cookie signatures,
 * session loading): `await storage.load()` or `for await`; after load(),
 * plain `for ... of` works, as Django's templates iterate it.
 */
import { settings } from '../../../conf/settings';
import { isSafe, markSafe, type SafeString } from '../../../template/safe';
import { INFO } from '../constants';
import { getLevelTags } from '../utils';

export class Message {
  level: number;
  message: string | SafeString;
  extraTags: string | null;

  constructor(level: number, message: unknown, extraTags: unknown = null) {
    this.level = Math.trunc(Number(level));
    this.message = isSafe(message) ? message : String(message);
    this.extraTags = extraTags === null || extraTags === undefined ? null : String(extraTags);
  }

  equals(other: unknown): boolean {
    return other instanceof Message && other.level === this.level && String(other.message) === String(this.message);
  }

  toString(): string {
    return String(this.message);
  }

  /** The level's tag ('info', 'error', ... or MESSAGE_TAGS'); '' for an unknown level. */
  get levelTag(): string {
    return getLevelTags()[this.level] ?? '';
  }

  /** extraTags and levelTag, space-separated. */
  get tags(): string {
    return [this.extraTags, this.levelTag].filter(Boolean).join(' ');
  }
}

/** The JSON form of messages, as Django's MessageEncoder/MessageDecoder. */
export const MESSAGE_KEY = '__json_message';

export function messagesToJson(value: unknown): unknown {
  if (value instanceof Message) {
    const out: unknown[] = [MESSAGE_KEY, isSafe(value.message) ? 1 : 0, value.level, String(value.message)];
    if (value.extraTags !== null) out.push(value.extraTags);
    return out;
  }
  if (Array.isArray(value)) return value.map(messagesToJson);
  if (value && typeof value === 'object' && !isSafe(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, messagesToJson(v)]));
  return value;
}

export function messagesFromJson(value: unknown): unknown {
  if (Array.isArray(value) && value.length) {
    if (value[0] === MESSAGE_KEY) {
      const [, safe, level, message, extraTags] = value as [string, number, number, string, string | undefined];
      return new Message(level, safe ? markSafe(message) : message, extraTags ?? null);
    }
    return value.map(messagesFromJson);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, messagesFromJson(v)]));
  return value;
}

/** What storages need of a request: its cookies and (SessionStorage) its session. */
export interface MessageRequest {
  COOKIES?: Readonly<Record<string, string | undefined>>;
  session?: import('../../sessions/base').SessionBase;
  _messages?: BaseStorage;
}

/** What update() needs of a response (the HTTP layer's HttpResponse). */
export interface CookieSink {
  setCookie(name: string, value: string, options?: { domain?: string | null; secure?: boolean | null; httpOnly?: boolean | null; sameSite?: string | false | null; maxAge?: number | null; path?: string }): unknown;
  deleteCookie(name: string, options?: { domain?: string | null; sameSite?: string | false | null; path?: string }): unknown;
}

export abstract class BaseStorage implements Iterable<Message>, AsyncIterable<Message> {
  used = false;
  addedNew = false;
  protected queued: Message[] = [];
  protected loadedData: Message[] | null = null;
  private levelValue: number | undefined;

  constructor(readonly request: MessageRequest) {}

  /** Reads the stored messages once. */
  async load(): Promise<this> {
    if (this.loadedData === null) {
      const [messages] = await this.get();
      this.loadedData = messages ?? [];
    }
    return this;
  }

  protected get loadedMessages(): Message[] {
    if (this.loadedData === null) throw new Error('Messages are not loaded: await storage.load() first, or iterate with for await.');
    return this.loadedData;
  }

  /** Stored plus queued messages (needs load()). */
  get length(): number {
    return this.loadedMessages.length + this.queued.length;
  }

  /** Iterating marks the messages used: they are not stored again. */
  *[Symbol.iterator](): Iterator<Message> {
    const loaded = this.loadedMessages;
    this.used = true;
    if (this.queued.length) {
      loaded.push(...this.queued);
      this.queued = [];
    }
    yield* [...loaded];
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Message> {
    await this.load();
    yield* [...this];
  }

  /** Every message, marking them used. */
  async list(): Promise<Message[]> {
    await this.load();
    return [...this];
  }

  /** Whether `message` is stored or queued (needs load()). */
  includes(message: Message): boolean {
    return [...this.loadedMessages, ...this.queued].some((m) => m.equals(message));
  }

  /** [messages, allRetrieved]: messages null when nothing could be read. */
  protected abstract get(): Promise<[Message[] | null, boolean]>;

  /** Stores `messages`; returns those that did not fit. */
  abstract store(messages: Message[], response: CookieSink | null, options?: { removeOldest?: boolean }): Promise<Message[]>;

  /**
   * Stores the messages at the end of the request: the new ones only when
   * the old ones were read, else both. Returns those that could not be stored.
   */
  async update(response: CookieSink | null): Promise<Message[]> {
    if (this.used) return this.store(this.queued, response);
    if (this.addedNew) {
      await this.load();
      return this.store([...this.loadedMessages, ...this.queued], response);
    }
    return [];
  }

  /** Queues a message when its level is at least the storage's level and it is not empty. */
  add(level: number, message: unknown, extraTags: string = ''): void {
    if (!message && !isSafe(message)) return;
    if (isSafe(message) && String(message) === '') return;
    const lvl = Math.trunc(Number(level));
    if (lvl < this.level) return;
    this.addedNew = true;
    this.queued.push(new Message(lvl, message, extraTags));
  }

  /** The minimum level recorded: MESSAGE_LEVEL (INFO by default) unless set. */
  get level(): number {
    return this.levelValue ?? ((settings.MESSAGE_LEVEL as number | undefined) ?? INFO);
  }
  /** null restores the default. */
  set level(value: number | null) {
    this.levelValue = value === null ? undefined : Math.trunc(Number(value));
  }
}
