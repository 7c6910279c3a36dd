// src/shortcuts.ts: Django's get_object_or_404 / get_list_or_404 over a Model,
// its Manager or a QuerySet, and redirect() to a URL, a route name with
// arguments, or a model instance's getAbsoluteUrl().
import * as assert from 'uvu/assert';
import { getListOr404, getObjectOr404, redirect } from '../src/shortcuts';
import { Http404 } from '../src/http/exceptions';
import { path } from '../src/urls/index';
import { setUrlconf } from '../src/urls/base';
import { dbSuite } from './db/harness';
import { ALL, Author } from './db/models';

async function rejects(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

dbSuite('shortcuts', ALL, (test) => {
  test('getObjectOr404: the one match from a Model, Manager or QuerySet; Http404 with Django\'s message when there is none', async () => {
    const ada = await Author.objects.create({ name: 'Ada', age: 36 });
    assert.is((await getObjectOr404(Author, { pk: ada.pk })).name, 'Ada');
    assert.is((await getObjectOr404(Author.objects, { name: 'Ada' })).pk, ada.pk);
    assert.is((await getObjectOr404(Author.objects.filter({ age: 36 }))).pk, ada.pk);
    const missing = await rejects(getObjectOr404(Author, { name: 'Nobody' }));
    assert.instance(missing, Http404);
    assert.is(missing.message, 'No Author matches the given query.');
    await Author.objects.create({ name: 'Grace', age: 36 });
    // more than one is not a 404 (Django lets MultipleObjectsReturned through)
    assert.not.instance(await rejects(getObjectOr404(Author, { age: 36 })), Http404);
  });

  test('getListOr404: the matches in order, Http404 for an empty result, a TypeError for what is not queryable', async () => {
    await Author.objects.create({ name: 'Ada', age: 36 });
    await Author.objects.create({ name: 'Grace', age: 36 });
    assert.equal((await getListOr404(Author.objects.orderBy('name'), { age: 36 })).map((a: any) => a.name), ['Ada', 'Grace']);
    const empty = await rejects(getListOr404(Author, { age: 99 }));
    assert.instance(empty, Http404);
    assert.is(empty.message, 'No Author matches the given query.');
    const wrong = await rejects(getListOr404('Author' as never));
    assert.instance(wrong, TypeError);
    assert.is(wrong.message, "First argument to getListOr404() must be a Model, Manager, or QuerySet, not 'String'.");
  });

  test('redirect: a URL as given, a route name reversed with its arguments, an object\'s getAbsoluteUrl(); 302 unless permanent', () => {
    setUrlconf([path('authors/<int:pk>/', () => null, { name: 'author-detail' })]);
    try {
      const toUrl = redirect('/elsewhere/?a=1');
      assert.is(toUrl.statusCode, 302);
      assert.is(toUrl.url, '/elsewhere/?a=1');
      assert.is(redirect('author-detail', 7).url, '/authors/7/');
      assert.is(redirect('author-detail', { kwargs: { pk: 8 }, permanent: true }).statusCode, 301);
      assert.is(redirect({ getAbsoluteUrl: () => '/authors/9/' }).url, '/authors/9/');
      assert.is(redirect('./relative/').url, './relative/');
    } finally {
      setUrlconf(null);
    }
  });
});
