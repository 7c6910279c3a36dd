import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ImproperlyConfigured, include, path, rePath, registerConverter, ValueError } from '../../src/index';
import { view } from './helpers';

function improperly(fn: () => unknown, message: string): void {
  try {
    fn();
  } catch (error) {
    assert.instance(error, ImproperlyConfigured);
    assert.is((error as Error).message, message);
    return;
  }
  assert.unreachable(`expected ImproperlyConfigured: ${message}`);
}

const v = view('v');

test('an unknown converter names the route, the converter and the position', () => {
  improperly(() => path('a/<foo:bar>/', v), "URL route 'a/<foo:bar>/' uses invalid converter 'foo' (at position 2).");
});

test('an unmatched bracket names its position', () => {
  improperly(() => path('a/<int:x/', v), "URL route 'a/<int:x/' has an unmatched '<' bracket at position 2.");
  improperly(() => path('a/x>/', v), "URL route 'a/x>/' has an unmatched '>' bracket at position 3.");
  improperly(() => path('<int:a>/<b', v), "URL route '<int:a>/<b' has an unmatched '<' bracket at position 8.");
});

test('a duplicate parameter name names both positions', () => {
  improperly(() => path('<int:x>/<str:x>/', v), "URL route '<int:x>/<str:x>/' uses parameter name 'x' twice (at positions 0 and 8).");
});

test('a parameter must be an identifier, without whitespace', () => {
  improperly(() => path('<int:2x>/', v), "URL route '<int:2x>/' uses parameter name '2x' which isn't a valid Python identifier (at position 0).");
  improperly(() => path('<int: x>/', v), "URL route '<int: x>/' cannot contain whitespace in angle brackets <…> (at position 0).");
  improperly(() => path('<:x>/', v), "URL route '<:x>/' uses parameter name ':x' which isn't a valid Python identifier (at position 0).");
});

test('a bad regex in rePath() is ImproperlyConfigured with Django\'s message', () => {
  try {
    rePath('^(unclosed/$', v);
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ImproperlyConfigured);
    assert.match((error as Error).message, /^"\^\(unclosed\/\$" is not a valid regular expression: /);
  }
});

test('a view must be a function or an include()', () => {
  assert.throws(() => path('a/', 'not a view' as never), /view must be a callable or the result of include\(\)/);
  assert.throws(() => path('a/', v, { kwargs: 'x' as never }), /kwargs argument of the URL pattern 'a\/' must be an object/);
  assert.throws(() => path(42 as never, v), /URL route must be a string/);
});

test('include() rejects what is not a URLconf, and a namespace without an app name', () => {
  improperly(() => include({} as never), 'The included URLconf does not appear to have any patterns in it. Pass a list of patterns, an object with `urlpatterns`, or a [patterns, appName] pair.');
  improperly(() => include([42] as never), "The included URLconf's item 0 is not a pattern made by path(), rePath() or include().");
  improperly(
    () => include([path('a/', v)], { namespace: 'ns' }),
    'Specifying a namespace in include() without providing an appName is not supported. Set the appName attribute in the included module, or pass a 2-tuple containing the list of patterns and appName instead.',
  );
});

test('registerConverter() refuses a taken name and an invalid regex', () => {
  assert.throws(() => registerConverter({ regex: '[0-9]+', toValue: Number, toUrl: String }, 'int'), (e: unknown) => e instanceof ValueError);
  assert.throws(() => registerConverter({ regex: '([', toValue: String, toUrl: String }, 'broken'), (e: unknown) => e instanceof ImproperlyConfigured);
});

test.run();
