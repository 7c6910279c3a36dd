// The admin's password pages and auth's UserAdmin/GroupAdmin, registered by
// autodiscover() through auth's `admin` hook (Django's tests/auth_tests/
// test_views.py ChangelistTests and admin_views' password change tests).
import * as assert from 'uvu/assert';
import { dbSuite } from '../../db/harness';
import { assertContains, assertNotContains, Client } from '../../../src/test/index';
import { CsrfViewMiddleware } from '../../../src/middleware/index';
import { Group, User } from '../../../src/contrib/auth/index';
import { CHANGE, LogEntry } from '../../../src/contrib/admin/index';
import { GroupAdmin, UserAdmin } from '../../../src/contrib/auth/admin';
import { as, client, superuser, testMiddleware } from './project';
import { optsModels, optsSite, optsStaff, setUpOptions, tearDownOptions } from './options-project';

dbSuite('contrib/admin auth admin and password pages', optsModels, (test) => {
  test.before.each(async () => {
    await setUpOptions();
    as.user = await superuser();
    as.sessions = false;
  });
  test.after.each(tearDownOptions);

  test('autodiscover() registered auth\'s GroupAdmin and UserAdmin on the site', async () => {
    assert.instance(optsSite.registry.get(User), UserAdmin);
    assert.instance(optsSite.registry.get(Group), GroupAdmin);
    const index = await client().get('/admin/');
    assertContains(index, 'Authentication and Authorization');
    assertContains(index, '<a href="/admin/auth/user/">Users</a>');
  });

  test('password_change: the form, a wrong old password, a mismatch, then the change and the done page', async () => {
    as.sessions = true;
    const root = as.user;
    const c = client();
    const page = await c.get('/admin/password_change/');
    assert.is(page.statusCode, 200);
    assertContains(page, '<h1>Password change</h1>');
    assertContains(page, 'name="old_password"');
    assertContains(page, '<input type="submit" value="Change my password" class="default">');
    assertContains(await c.get('/admin/'), '<a href="/admin/password_change/">Change password</a>');
    const wrong = await c.post('/admin/password_change/', { old_password: 'nope', new_password1: 'Sup3r-secret-42', new_password2: 'Sup3r-secret-42' });
    assert.is(wrong.statusCode, 200);
    assertContains(wrong, 'Your old password was entered incorrectly. Please enter it again.');
    assertContains(wrong, 'Please correct the error below.');
    const mismatch = await c.post('/admin/password_change/', { old_password: 'pw', new_password1: 'Sup3r-secret-42', new_password2: 'other-Secret-43' });
    assertContains(mismatch, 'The two password fields didn’t match.');
    assert.ok(await (await (User.objects as any).get({ pk: root.pk })).checkPassword('pw'));
    const done = await c.post('/admin/password_change/', { old_password: 'pw', new_password1: 'Sup3r-secret-42', new_password2: 'Sup3r-secret-42' });
    assert.is(done.statusCode, 302);
    assert.is(done.headers.get('location'), '/admin/password_change/done/');
    assertContains(await c.get('/admin/password_change/done/'), 'Your password was changed.');
    assert.ok(await (await (User.objects as any).get({ pk: root.pk })).checkPassword('Sup3r-secret-42'));
  });

  test('password_change is for staff only and needs the CSRF token', async () => {
    const root = as.user;
    as.user = null;
    const anon = await client().get('/admin/password_change/');
    assert.is(anon.statusCode, 302);
    assert.is(anon.headers.get('location'), '/admin/login/?next=%2Fadmin%2Fpassword_change%2F');
    as.user = await (User.objects as any).createUser('plain', null, 'pw');
    assert.is((await client().post('/admin/password_change/', { old_password: 'pw', new_password1: 'Sup3r-secret-42', new_password2: 'Sup3r-secret-42' })).statusCode, 302);
    assert.ok(await (await (User.objects as any).get({ username: 'plain' })).checkPassword('pw'));
    as.user = root;
    const csrf = new Client({ enforceCsrfChecks: true, middleware: [testMiddleware as any, CsrfViewMiddleware as any] });
    const refused = await csrf.post('/admin/password_change/', { old_password: 'pw', new_password1: 'Sup3r-secret-42', new_password2: 'Sup3r-secret-42' });
    assert.is(refused.statusCode, 403);
  });

  test('UserAdmin add: username and the password twice, then the new user\'s change page', async () => {
    const c = client();
    const page = await c.get('/admin/auth/user/add/');
    assertContains(page, 'name="username"');
    assertContains(page, 'name="password1"');
    assertContains(page, 'name="password2"');
    assertNotContains(page, 'name="is_superuser"');
    const mismatch = await c.post('/admin/auth/user/add/', { username: 'newbie', password1: 'Sup3r-secret-42', password2: 'different-Secret-1' });
    assert.is(mismatch.statusCode, 200);
    assertContains(mismatch, 'The two password fields didn’t match.');
    const taken = await c.post('/admin/auth/user/add/', { username: 'ROOT', password1: 'Sup3r-secret-42', password2: 'Sup3r-secret-42' });
    assertContains(taken, 'A user with that username already exists.');
    assert.is(await (User.objects as any).filter({ username: 'newbie' }).count(), 0);
    const ok = await c.post('/admin/auth/user/add/', { username: 'newbie', password1: 'Sup3r-secret-42', password2: 'Sup3r-secret-42', _save: 'Save' });
    const user = await (User.objects as any).get({ username: 'newbie' });
    assert.is(ok.statusCode, 302);
    assert.is(ok.headers.get('location'), `/admin/auth/user/${user.pk}/change/`);
    assert.ok(await user.checkPassword('Sup3r-secret-42'));
    assertContains(await c.get(`/admin/auth/user/${user.pk}/change/`), 'The user “newbie” was added successfully. You may edit it again below.');
  });

  test('UserAdmin change: the password is its hash summary with a link to the password form, and is never changed by the form', async () => {
    const u = await (User.objects as any).createUser('joe', 'joe@example.com', 'pw');
    const before = u.password;
    const page = await client().get(`/admin/auth/user/${u.pk}/change/`);
    assertContains(page, '<strong>algorithm</strong>: <bdi>pbkdf2_sha256</bdi>');
    assertContains(page, '<strong>iterations</strong>: <bdi>1000</bdi>');
    assertNotContains(page, before);
    assertContains(page, 'you can change the password using <a href="../password/">this form</a>.');
    assertContains(page, '<select name="groups" class="selectfilter" data-field-name="groups"');
    const saved = await client().post(`/admin/auth/user/${u.pk}/change/`, { username: 'joe', password: 'plain-text', email: 'joe@example.com', is_active: 'on', date_joined_0: '2024-01-01', date_joined_1: '00:00:00', _save: 'Save' });
    assert.is(saved.statusCode, 302);
    assert.is((await (User.objects as any).get({ pk: u.pk })).password, before);
    const none = await (User.objects as any).createUser('nopass', null, null);
    assertContains(await client().get(`/admin/auth/user/${none.pk}/change/`), '<strong>No password set.</strong>');
    // Django's UserAdmin.lookup_allowed: no filtering on hashes from the URL.
    assert.is((await client().get('/admin/auth/user/?password__startswith=pbkdf2')).statusCode, 400);
  });

  test('UserAdmin change password: the form, a mismatch, then the change, its log entry and message', async () => {
    const u = await (User.objects as any).createUser('joe', null, 'pw');
    const url = `/admin/auth/user/${u.pk}/password/`;
    const c = client();
    const page = await c.get(url);
    assert.is(page.statusCode, 200);
    assertContains(page, '<h1>Change password: joe</h1>');
    assertContains(page, 'Enter a new password for the user <strong>joe</strong>.');
    const bad = await c.post(url, { password1: 'Sup3r-secret-42', password2: 'nope' });
    assert.is(bad.statusCode, 200);
    assertContains(bad, 'The two password fields didn’t match.');
    const ok = await c.post(url, { password1: 'Sup3r-secret-42', password2: 'Sup3r-secret-42' });
    assert.is(ok.statusCode, 302);
    assert.is(ok.headers.get('location'), `/admin/auth/user/${u.pk}/change/`);
    assertContains(await c.get(`/admin/auth/user/${u.pk}/change/`), 'Password changed successfully.');
    assert.ok(await (await (User.objects as any).get({ pk: u.pk })).checkPassword('Sup3r-secret-42'));
    const entry = await (LogEntry.objects as any).get({ object_id: String(u.pk), action_flag: CHANGE });
    assert.ok(entry.change_message.includes('Password'), entry.change_message);
  });

  test('UserAdmin change password: 403 without the change permission, 404 for an unknown user', async () => {
    const u = await (User.objects as any).createUser('joe', null, 'pw');
    as.user = await optsStaff('viewer', ['view_user']);
    assert.is((await client().get(`/admin/auth/user/${u.pk}/password/`)).statusCode, 403);
    assert.is((await client().post(`/admin/auth/user/${u.pk}/password/`, { password1: 'Sup3r-secret-42', password2: 'Sup3r-secret-42' })).statusCode, 403);
    assert.ok(await (await (User.objects as any).get({ pk: u.pk })).checkPassword('pw'));
    as.user = await optsStaff('changer', ['change_user']);
    assert.is((await client().get('/admin/auth/user/99999/password/')).statusCode, 404);
    assert.is((await client().get('/admin/auth/user/abc/password/')).statusCode, 404);
  });
});
