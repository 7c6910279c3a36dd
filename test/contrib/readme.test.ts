// The README's "Auth, sessions, messages" example, run as written (the polls
// model's label changed to stay unique in the test process), on sql.js.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CharField, SqlJsBackend, connections, createTables, defineModel } from '../../src/db/index';
import { configure, resetSettings } from '../../src/conf/settings';
import { ContentType, clearContentTypeCache } from '../../src/contrib/contenttypes/index';
import { Group, PBKDF2PasswordHasher, Permission, User, authenticate, createPermissions, login, makePassword } from '../../src/contrib/auth/index';
import { DatabaseSessionStore, Session } from '../../src/contrib/sessions/index';
import { getMessages, info, messagesProcessRequest } from '../../src/contrib/messages/index';
import { Signer, signing } from '../../src/index';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}

test('the README auth example runs', async () => {
  resetSettings();
  clearContentTypeCache();
  configure({ SECRET_KEY: 'readme', PASSWORD_HASHERS: [FastPBKDF2, PBKDF2PasswordHasher] });
  const Question = defineModel('readmeauth.Question', { question_text: CharField({ maxLength: 200 }) });
  connections.set('default', await SqlJsBackend.open());
  await createTables(connections.get(), [ContentType, Permission, Group, User, Session, Question]);
  const request: any = { COOKIES: {}, session: new DatabaseSessionStore(), user: null };
  messagesProcessRequest(request);

  await createPermissions({ appLabel: 'readmeauth' }); // the README's createPermissions(), limited to this test's app
  const ada = await User.objects.createUser('ada', 'ada@EXAMPLE.com', 's3cret');
  assert.is(ada.email, 'ada@example.com');
  await ada.user_permissions.add(await Permission.objects.get({ codename: 'add_question' }));
  assert.ok(await ada.hasPerm('readmeauth.add_question'));
  const user = await authenticate(request, { username: 'ada', password: 's3cret' });
  await login(request, user);
  assert.is(request.session.get('_auth_user_id'), String(ada.pk));
  assert.match(await makePassword('s3cret'), /^pbkdf2_sha256\$1000\$[A-Za-z0-9]{22}\$/);
  assert.match(await makePassword('s3cret', null, new PBKDF2PasswordHasher()), /^pbkdf2_sha256\$1200000\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
  assert.is(await new Signer({ key: 'manouche-test-secret' }).sign('hello'), 'hello:igfPeuadBBcynRvbeQOD0eJI2yJpojlhYQxqLRkRyys');
  const token = await signing.dumps({ id: 1 }, { salt: 'reset', compress: true });
  assert.equal(await signing.loads(token, { salt: 'reset', maxAge: 3600 }), { id: 1 });
  info(request, 'Saved.');
  const tags: string[] = [];
  for await (const m of getMessages(request) as AsyncIterable<{ tags: string }>) tags.push(m.tags);
  assert.equal(tags, ['info']);
  await connections.get().close();
  connections.delete('default');
});

test.run();
