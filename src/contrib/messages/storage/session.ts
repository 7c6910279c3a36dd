/** Django's SessionStorage: messages as JSON under request.session['_messages']. */
import { ImproperlyConfigured } from '../../../core/exceptions';
// contrib.sessions, as in Django: this storage (and FallbackStorage, the default) needs it.
import { SessionBase } from '../../sessions/index';
import { BaseStorage, Message, messagesFromJson, messagesToJson, type CookieSink, type MessageRequest } from './base';

export class SessionStorage extends BaseStorage {
  static sessionKey = '_messages';

  constructor(request: MessageRequest) {
    if (!(request.session instanceof SessionBase)) {
      throw new ImproperlyConfigured(
        'The session-based temporary message storage requires session middleware to be installed, and come before the message middleware in the MIDDLEWARE list.',
      );
    }
    super(request);
  }

  protected async get(): Promise<[Message[] | null, boolean]> {
    return [this.deserialize(await this.request.session!.aget(SessionStorage.sessionKey)), true];
  }

  async store(messages: Message[], _response: CookieSink | null): Promise<Message[]> {
    const session = await this.request.session!.load();
    if (messages.length) session.set(SessionStorage.sessionKey, this.serialize(messages));
    else session.pop(SessionStorage.sessionKey, null);
    return [];
  }

  serialize(messages: Message[]): string {
    return JSON.stringify(messagesToJson(messages));
  }

  deserialize(data: unknown): Message[] | null {
    if (typeof data === 'string' && data) {
      try {
        return messagesFromJson(JSON.parse(data)) as Message[];
      } catch {
        return null;
      }
    }
    return (data as Message[] | null | undefined) ?? null;
  }
}
