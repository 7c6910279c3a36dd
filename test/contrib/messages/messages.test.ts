// Messages after Django's tests/messages_tests: levels and tags, the API,
// cookie storage (Django's format and size limit), session and fallback storage.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { configure, resetSettings } from '../../../src/conf/settings';
import { ImproperlyConfigured, ValueError } from '../../../src/core/exceptions';
import { isSafe, markSafe } from '../../../src/template/safe';
import { getRandomString } from '../../../src/utils/crypto';
import { SignedCookieSessionStore } from '../../../src/contrib/sessions/index';
import {
  CookieStorage,
  DEBUG,
  ERROR,
  FallbackStorage,
  INFO,
  Message,
  MessageFailure,
  SUCCESS,
  SessionStorage,
  WARNING,
  addMessage,
  debug,
  error,
  getLevel,
  getMessages,
  info,
  messagesContext,
  messagesProcessRequest,
  messagesProcessResponse,
  setLevel,
  success,
  warning,
  type CookieSink,
  type MessageRequest,
} from '../../../src/contrib/messages/index';

// Signed by Django's get_cookie_signer(salt='django.contrib.messages') with SECRET_KEY 'messages-tests'.
const DJANGO_COOKIE_NOT_FINISHED = '.eJyLjlaKj88qzs-Lz00tLk5MT1XSMdAxMtBR8kjNyclXitXBlDfUMQHK2yTZOSWm2Ogn2SnpKKVWlBQlAhUD1UKVFefll6Rl5mUWZ6SmxMcrxQIA6FciYQ:1xWIJE:prD3lS3bLdbchCZb2WpSXrEKy56nrGT3uwZCkdOtEDY';
const DJANGO_COOKIE_UNICODE = 'W1siX19qc29uX21lc3NhZ2UiLDAsMjUsIlNhdmVkIFx1MjcxMyIsIiJdXQ:1xWIJE:AEOfrLMA6v6wHcUCRop0BOp2mJE0kPYxfs637Ia8K8o';

/** Records what a response would send (the HTTP layer's HttpResponse satisfies CookieSink). */
class Jar implements CookieSink {
  cookies = new Map<string, string>();
  deleted: string[] = [];
  options: unknown[] = [];
  setCookie(name: string, value: string, options?: unknown): void {
    this.cookies.set(name, value);
    this.options.push(options);
  }
  deleteCookie(name: string): void {
    this.cookies.delete(name);
    this.deleted.push(name);
  }
}

const test = suite('contrib/messages');
test.before.each(() => {
  resetSettings();
  configure({ SECRET_KEY: 'messages-tests' });
});

test('levels, default tags, MESSAGE_TAGS overrides, extra tags', () => {
  assert.equal([DEBUG, INFO, SUCCESS, WARNING, ERROR], [10, 20, 25, 30, 40]);
  assert.is(new Message(INFO, 'x').tags, 'info');
  assert.is(new Message(ERROR, 'x', 'fatal now').tags, 'fatal now error');
  assert.is(new Message(29, 'x').tags, '');
  configure({ MESSAGE_TAGS: { [INFO]: 'blue', 29: 'custom' } });
  assert.is(new Message(INFO, 'x').levelTag, 'blue');
  assert.is(new Message(29, 'x').levelTag, 'custom');
  assert.ok(new Message(INFO, 'a').equals(new Message(INFO, 'a', 'tag')));
  assert.not.ok(new Message(INFO, 'a').equals(new Message(ERROR, 'a')));
  assert.is(String(new Message(INFO, 42)), '42');
});

test('the API needs the middleware\'s storage; failSilently; level filtering; setLevel', async () => {
  const bare: MessageRequest = { COOKIES: {} };
  assert.throws(() => info(bare, 'x'), (e: Error) => e instanceof MessageFailure && /MessageMiddleware/.test(e.message));
  info(bare, 'x', { failSilently: true });
  assert.equal(getMessages(bare), []);
  const request: MessageRequest = { COOKIES: {} };
  request._messages = new CookieStorage(request);
  debug(request, 'hidden'); // below INFO
  info(request, 'i');
  success(request, 's', { extraTags: 'extra' });
  warning(request, 'w');
  error(request, 'e');
  addMessage(request, INFO, ''); // empty: ignored
  assert.is(getLevel(request), INFO);
  assert.ok(setLevel(request, DEBUG));
  debug(request, 'shown');
  assert.not.ok(setLevel(bare, DEBUG));
  const all = await request._messages.list();
  assert.equal(all.map((m) => [m.level, String(m), m.tags]), [
    [INFO, 'i', 'info'],
    [SUCCESS, 's', 'extra success'],
    [WARNING, 'w', 'warning'],
    [ERROR, 'e', 'error'],
    [DEBUG, 'shown', 'debug'],
  ]);
  configure({ MESSAGE_LEVEL: WARNING });
  const r2: MessageRequest = { COOKIES: {} };
  r2._messages = new CookieStorage(r2);
  info(r2, 'dropped');
  warning(r2, 'kept');
  assert.equal((await r2._messages.list()).map(String), ['kept']);
});

test('CookieStorage reads Django\'s cookie: safe strings, extra tags, the not-finished marker, non-ASCII', async () => {
  const s = new CookieStorage({ COOKIES: { messages: DJANGO_COOKIE_NOT_FINISHED } });
  const [msgs, allRetrieved] = await (s as any).get();
  assert.is(allRetrieved, false);
  assert.equal(msgs.map((m: Message) => [m.level, String(m.message), m.extraTags]), [[20, 'Hello', null], [40, '<b>Bad</b>', 'extra']]);
  assert.ok(isSafe(msgs[1].message));
  assert.not.ok(isSafe(msgs[0].message));
  const u = await new CookieStorage({ COOKIES: { messages: DJANGO_COOKIE_UNICODE } }).list();
  assert.equal(u.map((m) => [m.level, String(m), m.extraTags]), [[25, 'Saved ✓', '']]);
});

test('CookieStorage writes what Django reads back: same JSON, signed with the cookie signer', async () => {
  const request: MessageRequest = { COOKIES: {} };
  const s = new CookieStorage(request);
  s.add(SUCCESS, 'Saved ✓');
  const jar = new Jar();
  assert.equal(await s.update(jar), []);
  const value = jar.cookies.get('messages')!;
  // uncompressed (compression would not be shorter), so the payload is Django's byte for byte
  assert.is(value.split(':')[0], DJANGO_COOKIE_UNICODE.split(':')[0]);
  const next = await new CookieStorage({ COOKIES: { messages: value } }).list();
  assert.equal(next.map(String), ['Saved ✓']);
  s.add(INFO, markSafe('<i>ok</i>'));
  const jar2 = new Jar();
  await s.update(jar2);
  const back = await new CookieStorage({ COOKIES: jar2.cookies.has('messages') ? { messages: jar2.cookies.get('messages') } : {} }).list();
  assert.ok(isSafe(back[1]!.message));
});

test('reading marks messages used: only new ones are stored; nothing left deletes the cookie', async () => {
  const first = new CookieStorage({ COOKIES: {} });
  first.add(INFO, 'old');
  const jar = new Jar();
  await first.update(jar);
  const request: MessageRequest = { COOKIES: { messages: jar.cookies.get('messages') } };
  const unread = new CookieStorage(request);
  unread.add(INFO, 'new');
  const j1 = new Jar();
  await unread.update(j1); // not iterated: old and new are kept
  assert.equal((await new CookieStorage({ COOKIES: { messages: j1.cookies.get('messages') } }).list()).map(String), ['old', 'new']);
  const read = new CookieStorage(request);
  assert.equal((await read.list()).map(String), ['old']);
  const j2 = new Jar();
  await read.update(j2);
  assert.equal(j2.deleted, ['messages']);
  const untouched = new CookieStorage(request);
  const j3 = new Jar();
  assert.equal(await untouched.update(j3), []);
  assert.is(j3.cookies.size + j3.deleted.length, 0); // nothing read, nothing added: the cookie stays
});

test('a tampered or truncated cookie gives no messages and is deleted', async () => {
  for (const bad of [DJANGO_COOKIE_UNICODE.slice(0, -2), DJANGO_COOKIE_UNICODE.replace('W1s', 'W2s'), 'garbage', '.AAAA:x:y']) {
    const s = new CookieStorage({ COOKIES: { messages: bad } });
    assert.equal(await s.list(), []);
    const jar = new Jar();
    await s.update(jar);
    assert.equal(jar.deleted, ['messages'], bad);
  }
  configure({ SECRET_KEY: 'another' });
  assert.equal(await new CookieStorage({ COOKIES: { messages: DJANGO_COOKIE_UNICODE } }).list(), []);
});

test('CookieStorage keeps the cookie within 2048 bytes, dropping the oldest, marking "not finished"', async () => {
  const s = new CookieStorage({ COOKIES: {} });
  // random text does not compress, so only some fit
  const noise = (_i: number) => getRandomString(300);
  for (let i = 0; i < 10; i++) s.add(INFO, `${i}:${noise(i)}`);
  const jar = new Jar();
  const unstored = await s.update(jar);
  const value = jar.cookies.get('messages')!;
  assert.ok(value.length <= 2048, String(value.length));
  assert.ok(unstored.length > 0);
  assert.ok(String(unstored[0]).startsWith('0:')); // the oldest went first
  const [kept, allRetrieved] = await (new CookieStorage({ COOKIES: { messages: value } }) as any).get();
  assert.is(allRetrieved, false);
  assert.is(kept.length + unstored.length, 10);
  assert.ok(String(kept[kept.length - 1]).startsWith('9:')); // the newest are kept
});

test('SessionStorage keeps messages in the session as Django\'s JSON and needs a session', async () => {
  assert.throws(() => new SessionStorage({ COOKIES: {} }), (e: Error) => e instanceof ImproperlyConfigured && /requires session middleware/.test(e.message));
  const session = new SignedCookieSessionStore();
  const s = new SessionStorage({ session });
  s.add(ERROR, 'Bad', 'x');
  await s.update(null);
  assert.is(session.get('_messages'), '[["__json_message",0,40,"Bad","x"]]');
  const again = new SessionStorage({ session });
  assert.equal((await again.list()).map((m) => [m.level, String(m), m.extraTags]), [[40, 'Bad', 'x']]);
  await again.update(null);
  assert.not.ok(session.has('_messages'));
});

test('FallbackStorage: what does not fit in the cookie goes to the session, read back in order', async () => {
  const session = new SignedCookieSessionStore();
  const request: MessageRequest = { COOKIES: {}, session };
  const s = new FallbackStorage(request);
  const noise = (_i: number) => getRandomString(300);
  for (let i = 0; i < 10; i++) s.add(INFO, `${i}:${noise(i)}`);
  const jar = new Jar();
  assert.equal(await s.update(jar), []); // nothing lost
  assert.ok(jar.cookies.get('messages')!.length <= 2048);
  assert.ok(session.has('_messages'));
  const next = new FallbackStorage({ COOKIES: { messages: jar.cookies.get('messages') }, session });
  assert.equal((await next.list()).map((m) => String(m).split(':')[0]), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const jar2 = new Jar();
  await next.update(jar2);
  assert.equal(jar2.deleted, ['messages']);
  assert.not.ok(session.has('_messages'));
});

test('middleware logic: storage per request, stored at the end; in DEBUG unstorable messages are an error', async () => {
  const request: MessageRequest = { COOKIES: {}, session: new SignedCookieSessionStore() };
  messagesProcessRequest(request);
  assert.ok(request._messages instanceof FallbackStorage);
  info(request, 'hello');
  const jar = new Jar();
  await messagesProcessResponse(request, jar);
  assert.ok(jar.cookies.has('messages'));
  const ctx = messagesContext(request);
  assert.is(ctx.messages, request._messages);
  assert.is(ctx.DEFAULT_MESSAGE_LEVELS.ERROR, 40);
  configure({ DEBUG: true, MESSAGE_STORAGE: 'django.contrib.messages.storage.cookie.CookieStorage' });
  const r2: MessageRequest = { COOKIES: {} };
  messagesProcessRequest(r2);
  for (let i = 0; i < 20; i++) info(r2, `${i}:${getRandomString(200)}`);
  try {
    await messagesProcessResponse(r2, new Jar());
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof ValueError);
    assert.is((e as Error).message, 'Not all temporary messages could be stored.');
  }
});

test.run();
