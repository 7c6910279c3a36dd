// The auth models and ModelBackend on sql.js and PostgreSQL, after Django's
// tests/auth_tests (test_models, test_auth_backends, test_management).
import * as assert from 'uvu/assert';
import { dbSuite, rejects } from '../../db/harness';
import { configure, resetSettings } from '../../../src/conf/settings';
import { ValidationError, ValueError } from '../../../src/core/exceptions';
import { DateField } from '../../../src/db/index';
import { ContentType, clearContentTypeCache, getForModel } from '../../../src/contrib/contenttypes/index';
import {
  AnonymousUser,
  Group,
  MD5PasswordHasher,
  ModelBackend,
  PBKDF2PasswordHasher,
  PBKDF2SHA1PasswordHasher,
  Permission,
  User,
  authenticate,
  clearPermissionCache,
  createPermissions,
  defineUserModel,
  getUserModel,
  makePassword,
  validatePassword,
  UserAttributeSimilarityValidator,
} from '../../../src/contrib/auth/index';

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}
let encodes = 0;
class CountingPBKDF2 extends FastPBKDF2 {
  override encode(password: string, salt: string, iterations?: number): Promise<string> {
    encodes++;
    return super.encode(password, salt, iterations);
  }
}

// A project's own user model (Django's `class Customer(AbstractUser)`).
const Customer = defineUserModel('accounts.Customer', { date_of_birth: DateField({ null: true }) }, { REQUIRED_FIELDS: ['email', 'date_of_birth'] });

function settingsForTests(): void {
  resetSettings();
  clearContentTypeCache();
  configure({ SECRET_KEY: 'auth-tests', PASSWORD_HASHERS: [CountingPBKDF2, PBKDF2SHA1PasswordHasher, MD5PasswordHasher] });
}

dbSuite('contrib/auth models', [ContentType, Permission, Group, User, Customer], (test) => {
  test.before.each(settingsForTests);

  test('createUser normalizes the email domain and the username, hashes the password', async () => {
    const u = await User.objects.createUser('ａｄａ', 'Ada@EXAMPLE.Com', 's3cret');
    assert.is(u.username, 'ada'); // NFKC
    assert.is(u.email, 'Ada@example.com');
    assert.ok(u.password.startsWith('pbkdf2_sha256$1000$'));
    assert.is(u.is_staff, false);
    assert.is(u.is_superuser, false);
    assert.is(u.is_active, true);
    assert.ok(u.date_joined instanceof Date);
    const again = await User.objects.getByNaturalKey('ada');
    assert.ok(await again.checkPassword('s3cret'));
    assert.not.ok(await again.checkPassword('S3cret'));
    await rejects(() => User.objects.createUser(''), ValueError, /^The given username must be set$/);
    await rejects(() => User.objects.createUser('ada'), Error, /unique|duplicate/i);
  });

  test('createUser without a password gives an unusable one', async () => {
    const u = await User.objects.createUser('nopw', null);
    assert.is(u.email, '');
    assert.not.ok(u.hasUsablePassword());
    assert.ok(u.password.startsWith('!'));
    assert.not.ok(await u.checkPassword(''));
    await u.setPassword('');
    assert.ok(u.hasUsablePassword());
    assert.ok(await u.checkPassword('')); // the empty password is a password, as in Django
    await u.setUnusablePassword();
    assert.not.ok(u.hasUsablePassword());
  });

  test('createSuperuser sets is_staff and is_superuser and checks them with Django\'s messages', async () => {
    const su = await User.objects.createSuperuser('root', 'root@example.com', 'pw');
    assert.is(su.is_staff, true);
    assert.is(su.is_superuser, true);
    await rejects(() => User.objects.createSuperuser('x', null, 'pw', { is_staff: false }), ValueError, /^Superuser must have is_staff=True\.$/);
    await rejects(() => User.objects.createSuperuser('x', null, 'pw', { is_superuser: false }), ValueError, /^Superuser must have is_superuser=True\.$/);
  });

  test('checkPassword upgrades an outdated hash in the database, not a wrong password', async () => {
    const u = await User.objects.createUser('old', null, 'pw');
    u.password = await makePassword('pw', 'aaaaaaaaaaaaaaaaaaaaaa', 'pbkdf2_sha1');
    await u.save();
    const old = u.password;
    assert.not.ok(await u.checkPassword('wrong'));
    assert.is(u.password, old);
    assert.ok(await u.checkPassword('pw'));
    const fresh = await User.objects.get({ username: 'old' });
    assert.ok(fresh.password.startsWith('pbkdf2_sha256$1000$'));
    assert.ok(await fresh.checkPassword('pw'));
  });

  test('user methods: full and short name, anonymous flags, natural key, session hash follows the password', async () => {
    const u = await User.objects.createUser('jo', null, 'pw', { first_name: ' Jo ', last_name: 'Doe' });
    assert.is(u.getFullName(), 'Jo  Doe');
    assert.is(u.getShortName(), ' Jo ');
    assert.is(u.isAuthenticated, true);
    assert.is(u.isAnonymous, false);
    assert.equal(u.naturalKey(), ['jo']);
    assert.is(u.getUsername(), 'jo');
    assert.is(String(u), 'jo');
    const h1 = await u.getSessionAuthHash();
    assert.match(h1, /^[0-9a-f]{64}$/);
    await u.setPassword('other');
    assert.is.not(await u.getSessionAuthHash(), h1);
    u.email = 'X@EXAMPLE.COM';
    u.clean();
    assert.is(u.email, 'X@example.com');
  });

  test('the username validator and Django\'s unique message', async () => {
    const u = new User({ username: 'bad name!', password: 'x' });
    await rejects(() => u.fullClean(), ValidationError, /Enter a valid username/);
    await User.objects.createUser('taken', null, 'pw');
    const dup = new User({ username: 'taken', password: 'x' });
    const e = (await rejects(() => dup.fullClean(), ValidationError)) as ValidationError;
    assert.equal(e.messageDict.username, ['A user with that username already exists.']);
  });

  test('the similarity validator names the user model\'s verbose field name', async () => {
    const u = new User({ username: 'someone', email: 'someone@example.com', password: 'x' });
    await rejects(() => validatePassword('example.com', u, [new UserAttributeSimilarityValidator()]), ValidationError, /too similar to the email address/);
  });

  test('createPermissions makes the four default permissions per model, once', async () => {
    const n = await createPermissions({ appLabel: 'auth' });
    assert.is(n, 12); // permission, group, user
    assert.is(await createPermissions({ appLabel: 'auth' }), 0);
    const ct = await getForModel(User);
    assert.is(ct.app_label, 'auth');
    assert.is(ct.model, 'user');
    assert.is(await getForModel(User), ct); // cached
    const perms = await Permission.objects.filter({ content_type: ct }).orderBy('codename').valuesList('codename', 'name');
    assert.equal(perms, [
      ['add_user', 'Can add user'],
      ['change_user', 'Can change user'],
      ['delete_user', 'Can delete user'],
      ['view_user', 'Can view user'],
    ]);
  });

  test('ModelBackend: user and group permissions, module perms, cached per user object', async () => {
    await createPermissions({ appLabel: 'auth' });
    const u = await User.objects.createUser('perm', null, 'pw');
    const addUser = await Permission.objects.get({ codename: 'add_user' });
    const viewGroup = await Permission.objects.get({ codename: 'view_group' });
    await u.user_permissions.add(addUser);
    const editors = await Group.objects.create({ name: 'editors' });
    await editors.permissions.add(viewGroup);
    await u.groups.add(editors);
    assert.ok(await u.hasPerm('auth.add_user'));
    assert.ok(await u.hasPerm('auth.view_group'));
    assert.not.ok(await u.hasPerm('auth.delete_user'));
    assert.ok(await u.hasPerms(['auth.add_user', 'auth.view_group']));
    assert.not.ok(await u.hasPerms(['auth.add_user', 'auth.delete_user']));
    assert.equal([...(await u.getUserPermissions())], ['auth.add_user']);
    assert.equal([...(await u.getGroupPermissions())], ['auth.view_group']);
    assert.equal([...(await u.getAllPermissions())].sort(), ['auth.add_user', 'auth.view_group']);
    assert.ok(await u.hasModulePerms('auth'));
    assert.not.ok(await u.hasModulePerms('polls'));
    assert.not.ok(await u.hasPerm('auth.add_user', { some: 'object' })); // ModelBackend has no object permissions
    // cached on the object, as Django: a new grant shows after a refetch or clearPermissionCache
    await u.user_permissions.add(await Permission.objects.get({ codename: 'delete_user' }));
    assert.not.ok(await u.hasPerm('auth.delete_user'));
    assert.ok(await (await User.objects.get({ pk: u.pk })).hasPerm('auth.delete_user'));
    clearPermissionCache(u);
    assert.ok(await u.hasPerm('auth.delete_user'));
    try {
      await u.hasPerms('auth.add_user' as unknown as string[]);
      assert.unreachable();
    } catch (e) {
      assert.is((e as Error).message, 'perm_list must be an iterable of permissions.');
    }
  });

  test('superusers have every permission; inactive users none, even superusers', async () => {
    await createPermissions({ appLabel: 'auth' });
    const su = await User.objects.createSuperuser('boss', null, 'pw');
    assert.ok(await su.hasPerm('anything.at_all'));
    assert.ok(await su.hasModulePerms('whatever'));
    assert.is((await su.getAllPermissions()).size, 12);
    su.is_active = false;
    clearPermissionCache(su);
    assert.not.ok(await su.hasPerm('auth.add_user'));
    assert.is((await su.getAllPermissions()).size, 0);
    assert.not.ok(await su.hasModulePerms('auth'));
  });

  test('authenticate: right password, wrong password, inactive user, unknown user runs the hasher', async () => {
    await User.objects.createUser('alice', null, 'pw');
    const bob = await User.objects.createUser('bob', null, 'pw');
    bob.is_active = false;
    await bob.save();
    const ok = await authenticate(null, { username: 'alice', password: 'pw' });
    assert.is(ok.username, 'alice');
    assert.is(ok.backend, 'manouche.contrib.auth.backends.ModelBackend');
    assert.is(await authenticate(null, { username: 'alice', password: 'nope' }), null);
    assert.is(await authenticate(null, { username: 'bob', password: 'pw' }), null);
    assert.is(await authenticate(null, { username: 'alice' }), null);
    encodes = 0;
    assert.is(await authenticate(null, { username: 'nobody', password: 'pw' }), null);
    assert.is(encodes, 1); // the dummy hash: an unknown user costs what a wrong password costs
    encodes = 0;
    assert.is(await authenticate(null, { username: 'alice', password: 'wrong' }), null);
    assert.is(encodes, 1);
    assert.is((await new ModelBackend().getUser(bob.pk)), null); // inactive
    assert.is(((await new ModelBackend().getUser((await User.objects.getByNaturalKey('alice')).pk)) as any).username, 'alice');
  });

  test('AUTH_USER_MODEL swaps in a project user model; ModelBackend follows its relation names', async () => {
    configure({ AUTH_USER_MODEL: 'accounts.Customer' });
    assert.is(getUserModel(), Customer as unknown);
    await createPermissions({ appLabel: 'auth' });
    const c = await Customer.objects.createUser('cust', 'c@EXAMPLE.com', 'pw', { date_of_birth: '2000-01-02' });
    assert.is(c.date_of_birth, '2000-01-02');
    const g = await Group.objects.create({ name: 'g' });
    await g.permissions.add(await Permission.objects.get({ codename: 'change_group' }));
    await c.groups.add(g);
    const user = await authenticate(null, { username: 'cust', password: 'pw' });
    assert.is(user.constructor, Customer);
    assert.ok(await user.hasPerm('auth.change_group'));
    assert.equal([...Customer.REQUIRED_FIELDS], ['email', 'date_of_birth']);
    configure({ AUTH_USER_MODEL: 'nope.Model' });
    assert.throws(() => getUserModel(), /AUTH_USER_MODEL refers to model 'nope.Model' that has not been installed/);
  });

  test('AnonymousUser: not authenticated, no permissions, no database representation', async () => {
    const a = new AnonymousUser();
    assert.is(a.isAuthenticated, false);
    assert.is(a.isAnonymous, true);
    assert.is(String(a), 'AnonymousUser');
    assert.not.ok(await a.hasPerm('auth.add_user'));
    assert.not.ok(await a.hasModulePerms('auth'));
    assert.is((await a.getAllPermissions()).size, 0);
    await rejects(() => a.save(), Error, /doesn't provide a DB representation for AnonymousUser/);
    assert.ok(a.equals(new AnonymousUser()));
  });
});
