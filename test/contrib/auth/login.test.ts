// login(), logout(), getUser() and updateSessionAuthHash() over a request
// with a database session, on sql.js and PostgreSQL (Django's
// tests/auth_tests/test_login.py, test_middleware.py session-hash cases).
import * as assert from 'uvu/assert';
import { dbSuite, rejects } from '../../db/harness';
import { configure, resetSettings } from '../../../src/conf/settings';
import { ValueError } from '../../../src/core/exceptions';
import { ContentType, clearContentTypeCache } from '../../../src/contrib/contenttypes/index';
import { DatabaseSessionStore, Session } from '../../../src/contrib/sessions/index';
import {
  AnonymousUser,
  BACKEND_SESSION_KEY,
  Group,
  HASH_SESSION_KEY,
  PBKDF2PasswordHasher,
  Permission,
  SESSION_KEY,
  User,
  authenticate,
  getUser,
  login,
  logout,
  updateSessionAuthHash,
  userLoginFailed,
  type AuthRequest,
} from '../../../src/contrib/auth/index';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}

async function newRequest(key: string | null = null): Promise<AuthRequest & { user: unknown }> {
  const session = new DatabaseSessionStore(key);
  await session.load();
  return { session, user: new AnonymousUser() };
}

dbSuite('contrib/auth login', [ContentType, Permission, Group, User, Session], (test) => {
  test.before.each(() => {
    resetSettings();
    clearContentTypeCache();
    configure({ SECRET_KEY: 'login-tests', PASSWORD_HASHERS: [FastPBKDF2] });
  });

  test('login rotates the session key, stores Django\'s keys, sets request.user and last_login', async () => {
    const u = await User.objects.createUser('ada', null, 'pw');
    const request = await newRequest();
    request.session.set('before', 1);
    await request.session.save();
    const anonymousKey = request.session.sessionKey;
    const user = await authenticate(request, { username: 'ada', password: 'pw' });
    await login(request, user);
    assert.is.not(request.session.sessionKey, anonymousKey); // no session fixation
    assert.is(request.session.get('before'), 1); // data kept across the rotation
    assert.is(request.session.get(SESSION_KEY), String(u.pk));
    assert.is(request.session.get(BACKEND_SESSION_KEY), 'manouche.contrib.auth.backends.ModelBackend');
    assert.is(request.session.get(HASH_SESSION_KEY), await u.getSessionAuthHash());
    assert.is(request.user, user);
    assert.ok((await User.objects.get({ pk: u.pk })).last_login instanceof Date);
    assert.not.ok(await new DatabaseSessionStore().exists(anonymousKey!));
  });

  test('getUser restores the user from a saved session; a password change logs the session out', async () => {
    const u = await User.objects.createUser('bob', null, 'pw');
    const request = await newRequest();
    await login(request, u, { backend: 'django.contrib.auth.backends.ModelBackend' });
    configure({ AUTHENTICATION_BACKENDS: ['django.contrib.auth.backends.ModelBackend'] });
    await request.session.save();
    const next = await newRequest(request.session.sessionKey);
    const restored = await getUser(next);
    assert.is(restored.username, 'bob');
    await u.setPassword('new');
    await u.save();
    const after = await newRequest(request.session.sessionKey);
    const anon = await getUser(after);
    assert.ok(anon instanceof AnonymousUser);
    assert.ok(after.session.isEmpty()); // flushed
  });

  test('a session of another user is emptied at login, not reused', async () => {
    const a = await User.objects.createUser('a', null, 'pw');
    const b = await User.objects.createUser('b', null, 'pw');
    const request = await newRequest();
    await login(request, a);
    request.session.set('cart', ['a-item']);
    await login(request, b);
    assert.is(request.session.get('cart'), undefined);
    assert.is(request.session.get(SESSION_KEY), String(b.pk));
  });

  test('logout flushes the session and makes request.user anonymous', async () => {
    const u = await User.objects.createUser('c', null, 'pw');
    const request = await newRequest();
    await login(request, u);
    await request.session.save();
    const key = request.session.sessionKey!;
    await logout(request);
    assert.ok(request.user instanceof AnonymousUser);
    assert.is(request.session.sessionKey, null);
    assert.not.ok(await new DatabaseSessionStore().exists(key));
  });

  test('SECRET_KEY rotation: a session hashed under a fallback key is kept and re-hashed', async () => {
    const u = await User.objects.createUser('d', null, 'pw');
    const request = await newRequest();
    await login(request, u);
    await request.session.save();
    configure({ SECRET_KEY: 'rotated', SECRET_KEY_FALLBACKS: ['login-tests'] });
    const next = await newRequest(request.session.sessionKey);
    assert.is((await getUser(next)).username, 'd');
    assert.is(next.session.get(HASH_SESSION_KEY), await u.getSessionAuthHash());
    configure({ SECRET_KEY_FALLBACKS: [] });
    const stale = await newRequest(request.session.sessionKey);
    assert.ok((await getUser(stale)) instanceof AnonymousUser);
  });

  test('tampered session values give an AnonymousUser; a failed login sends userLoginFailed with the password masked', async () => {
    const u = await User.objects.createUser('e', null, 'pw');
    const request = await newRequest();
    await login(request, u);
    request.session.set(SESSION_KEY, 'not-a-number');
    assert.ok((await getUser(request)) instanceof AnonymousUser);
    request.session.set(SESSION_KEY, String(u.pk));
    request.session.set(BACKEND_SESSION_KEY, 'evil.Backend');
    assert.ok((await getUser(request)) instanceof AnonymousUser);
    const seen: unknown[] = [];
    const receiver = ({ credentials }: { credentials: Record<string, unknown> }) => void seen.push(credentials);
    userLoginFailed.connect(receiver);
    try {
      assert.is(await authenticate(null, { username: 'e', password: 'wrong' }), null);
    } finally {
      userLoginFailed.disconnect(receiver);
    }
    assert.equal(seen, [{ username: 'e', password: '********************' }]);
  });

  test('several backends need an explicit backend at login; updateSessionAuthHash keeps this session', async () => {
    const u = await User.objects.createUser('f', null, 'pw');
    configure({ AUTHENTICATION_BACKENDS: ['manouche.contrib.auth.backends.ModelBackend', 'manouche.contrib.auth.backends.AllowAllUsersModelBackend'] });
    const request = await newRequest();
    await rejects(() => login(request, u), ValueError, /multiple authentication backends/);
    await login(request, u, { backend: 'manouche.contrib.auth.backends.ModelBackend' });
    const key = request.session.sessionKey;
    await u.setPassword('changed');
    await u.save();
    await updateSessionAuthHash(request, u);
    assert.is.not(request.session.sessionKey, key);
    assert.is(request.session.get(HASH_SESSION_KEY), await u.getSessionAuthHash());
    assert.is((await getUser(request)).username, 'f');
  });
});
