/**
 * Django's CookieStorage: messages in a signed cookie ('messages'), at most
 * 2048 bytes; what does not fit is dropped from the oldest (or, under
 * FallbackStorage, the newest are handed on) and a marker says more follow.
 */
import { settings } from '../../../conf/settings';
import { BadSignature, getCookieSigner, type Serializer } from '../../../core/signing';
import { BaseStorage, Message, messagesFromJson, messagesToJson, type CookieSink } from './base';

const MessageSerializer: Serializer = {
  dumps(obj) {
    return new TextEncoder().encode(
      JSON.stringify(messagesToJson(obj)).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')),
    );
  },
  loads(data) {
    let text = '';
    for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return messagesFromJson(JSON.parse(text));
  },
};

/** Python's http.cookies legal characters: values made only of these are sent unquoted. */
const LEGAL = /^[A-Za-z0-9!#$%&'*+\-.^_`|~:]*$/;

function storedLength(value: string): number {
  if (LEGAL.test(value)) return value.length;
  // SimpleCookie quotes other values: '"' + escapes + '"'
  return JSON.stringify(value).length;
}

export class CookieStorage extends BaseStorage {
  static cookieName = 'messages';
  static maxCookieSize = 2048;
  static notFinished = '__messagesnotfinished__';
  static keySalt = 'django.contrib.messages';

  private signer = getCookieSigner(CookieStorage.keySalt);

  protected async get(): Promise<[Message[] | null, boolean]> {
    const data = this.request.COOKIES?.[CookieStorage.cookieName];
    const messages = await this.decode(data);
    const allRetrieved = !(messages && messages.length && (messages[messages.length - 1] as unknown) === CookieStorage.notFinished);
    if (messages && !allRetrieved) messages.pop();
    return [messages, allRetrieved];
  }

  private updateCookie(encoded: string | null, response: CookieSink | null): void {
    if (!response) return;
    if (encoded) {
      response.setCookie(CookieStorage.cookieName, encoded, {
        domain: settings.SESSION_COOKIE_DOMAIN,
        secure: settings.SESSION_COOKIE_SECURE || null,
        httpOnly: settings.SESSION_COOKIE_HTTPONLY || null,
        sameSite: settings.SESSION_COOKIE_SAMESITE,
      });
    } else {
      response.deleteCookie(CookieStorage.cookieName, { domain: settings.SESSION_COOKIE_DOMAIN, sameSite: settings.SESSION_COOKIE_SAMESITE });
    }
  }

  async store(messages: Message[], response: CookieSink | null, options: { removeOldest?: boolean } = {}): Promise<Message[]> {
    const removeOldest = options.removeOldest ?? true;
    const kept = [...messages];
    const unstored: Message[] = [];
    let encoded = await this.encode(kept);
    const max = CookieStorage.maxCookieSize;
    if (max) {
      while (encoded && storedLength(encoded) > max) {
        if (removeOldest) unstored.push(kept.shift()!);
        else unstored.unshift(kept.pop()!);
        encoded = await this.encode([...kept, CookieStorage.notFinished], unstored.length > 0);
      }
    }
    this.updateCookie(encoded, response);
    return unstored;
  }

  /** Signed, compressed JSON; null for nothing to store. */
  async encode(messages: ReadonlyArray<Message | string>, encodeEmpty = false): Promise<string | null> {
    if (messages.length || encodeEmpty) return this.signer.signObject(messages, { serializer: MessageSerializer, compress: true });
    return null;
  }

  /** Messages from the cookie; a bad cookie is dropped (marked used) rather than an error. */
  async decode(data: string | undefined): Promise<Message[] | null> {
    if (!data) return null;
    try {
      const v = await this.signer.unsignObject(data, { serializer: MessageSerializer });
      if (Array.isArray(v)) return v as Message[];
    } catch (e) {
      if (!(e instanceof BadSignature) && !(e instanceof SyntaxError)) throw e;
    }
    this.used = true; // something was wrong with the data: the cookie is removed
    return null;
  }
}
