// `clearsessions` (src/contrib/sessions/management/commands/clearsessions.ts)
// through callCommand(), as Django's tests/sessions_tests run it.
import * as assert from 'uvu/assert';
import { dbSuite, rejects } from '../../../db/harness';
import { configure, resetSettings } from '../../../../src/conf/settings';
import { apps } from '../../../../src/apps/registry';
import { callCommand } from '../../../../src/core/management/call';
import { CommandError } from '../../../../src/core/management/base';
import { Session, sessionsApp } from '../../../../src/contrib/sessions/index';

const quiet = { write: () => {} };
const DB = { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: ':memory:' } };

/** A store that cannot say what expired (Django's NotImplementedError case). */
class NoClearStore {}

dbSuite('contrib/sessions clearsessions', [Session], (test) => {
  test.before.each(async () => {
    resetSettings();
    await apps.populate([sessionsApp]);
  });
  test.after(async () => {
    resetSettings();
    await apps.populate([]);
  });

  test('deletes the expired rows of the database store and keeps the current ones', async () => {
    configure({ SECRET_KEY: 'clearsessions', DATABASES: DB, SESSION_ENGINE: 'django.contrib.sessions.backends.db' });
    await Session.objects.create({ session_key: 'expired1expired1', session_data: 'x', expire_date: new Date(Date.now() - 1000) });
    await Session.objects.create({ session_key: 'current1current1', session_data: 'x', expire_date: new Date(Date.now() + 100_000) });
    await callCommand('clearsessions', [], {}, { stdout: quiet, stderr: quiet });
    assert.equal(await Session.objects.valuesList('session_key', { flat: true }), ['current1current1']);
  });

  test('the cached_db store clears its rows too; signed cookies have nothing to clear', async () => {
    await Session.objects.create({ session_key: 'expired2expired2', session_data: 'x', expire_date: new Date(Date.now() - 1000) });
    configure({ SECRET_KEY: 'clearsessions', DATABASES: DB, SESSION_ENGINE: 'django.contrib.sessions.backends.cached_db' });
    await callCommand('clearsessions', [], {}, { stdout: quiet, stderr: quiet });
    assert.is(await Session.objects.count(), 0);
    configure({ SESSION_ENGINE: 'django.contrib.sessions.backends.signed_cookies' });
    await callCommand('clearsessions', [], {}, { stdout: quiet, stderr: quiet });
  });

  test("a store without clearExpired() is Django's CommandError", async () => {
    configure({ SECRET_KEY: 'clearsessions', DATABASES: DB, SESSION_ENGINE: NoClearStore as any });
    await rejects(() => callCommand('clearsessions', [], {}, { stdout: quiet, stderr: quiet }), CommandError, /doesn't support clearing expired sessions/);
  });
});
