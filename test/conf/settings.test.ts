import * as assert from 'uvu/assert';
import { test } from 'uvu';
import { changedSettings, configure, globalSettings, resetSettings, settings } from '../../src/conf/settings';

test("settings start with Django's defaults", () => {
  resetSettings();
  assert.is(settings.DEBUG, false);
  assert.is(settings.APPEND_SLASH, true);
  assert.is(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, 2621440);
  assert.is(settings.DEFAULT_CHARSET, 'utf-8');
  assert.equal(settings.ALLOWED_HOSTS, []);
});

test('configure() sets values, changedSettings() lists what differs (diffsettings)', () => {
  configure({ DEBUG: true, MY_APP_OPTION: 3, ALLOWED_HOSTS: [] });
  assert.equal(changedSettings(), [['DEBUG', true], ['MY_APP_OPTION', 3]]);
  resetSettings();
  assert.equal(changedSettings(), []);
  assert.not.ok('MY_APP_OPTION' in settings);
});

test('the defaults cannot be changed by accident', () => {
  assert.throws(() => {
    (globalSettings as any).DEBUG = true;
  });
});

test.run();
