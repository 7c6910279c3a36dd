/**
 * Django's FallbackStorage: the cookie first, the session for what does not
 * fit in it (the default MESSAGE_STORAGE).
 */
import { CookieStorage } from './cookie';
import { SessionStorage } from './session';
import { BaseStorage, Message, type CookieSink, type MessageRequest } from './base';

export class FallbackStorage extends BaseStorage {
  readonly storages: BaseStorage[];
  private usedStorages = new Set<BaseStorage>();

  constructor(request: MessageRequest) {
    super(request);
    this.storages = [new CookieStorage(request), new SessionStorage(request)];
  }

  protected async get(): Promise<[Message[] | null, boolean]> {
    const all: Message[] = [];
    let allRetrieved = false;
    for (const storage of this.storages) {
      const [messages, done] = await (storage as unknown as { get(): Promise<[Message[] | null, boolean]> }).get();
      allRetrieved = done;
      if (messages === null) break; // nothing stored here: nothing in the next one either
      if (messages.length) this.usedStorages.add(storage);
      all.push(...messages);
      if (done) break;
    }
    return [all, allRetrieved];
  }

  async store(messages: Message[], response: CookieSink | null): Promise<Message[]> {
    let rest = messages;
    for (const storage of this.storages) {
      if (rest.length) rest = await storage.store(rest, response, { removeOldest: false });
      else if (this.usedStorages.has(storage)) {
        // clear what this storage held, since everything fitted before it
        await storage.store([], response);
        this.usedStorages.delete(storage);
      }
    }
    return rest;
  }
}
