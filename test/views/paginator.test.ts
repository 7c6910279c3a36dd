import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EmptyPage, PageNotAnInteger, Paginator } from '../../src/index';

const ten = Array.from({ length: 10 }, (_, i) => i + 1);
const isA = (C: abstract new (...a: any[]) => unknown) => (e: unknown) => e instanceof C;

test("count, numPages and pageRange follow Django's table (orphans, allowEmptyFirstPage)", async () => {
  // [objects, perPage, orphans, allowEmpty] → [count, numPages] (from Django's tests/pagination)
  const cases: Array<[number, number, number, boolean, number, number]> = [
    [10, 10, 0, false, 10, 1],
    [10, 4, 0, false, 10, 3],
    [10, 4, 1, false, 10, 3],
    [10, 4, 2, false, 10, 2],
    [10, 4, 5, false, 10, 2],
    [10, 1, 0, false, 10, 10],
    [0, 10, 0, false, 0, 0],
    [0, 10, 0, true, 0, 1],
    [1, 4, 1, false, 1, 1],
    [2, 4, 1, true, 2, 1],
  ];
  for (const [n, perPage, orphans, allowEmpty, count, pages] of cases) {
    const p = new Paginator(ten.slice(0, n), perPage, orphans, allowEmpty);
    await p.loadCount();
    assert.equal([p.count, p.numPages], [count, pages], JSON.stringify([n, perPage, orphans, allowEmpty]));
    assert.equal(p.pageRange, Array.from({ length: pages }, (_, i) => i + 1));
  }
});

test('pages: objects, neighbours and start/end indexes; orphans join the last page', async () => {
  const p = new Paginator(ten, 4, 1);
  const first = await p.page(1);
  assert.equal(first.objectList, [1, 2, 3, 4]);
  assert.ok(first.hasNext());
  assert.not.ok(first.hasPrevious());
  assert.is(first.nextPageNumber(), 2);
  assert.throws(() => first.previousPageNumber(), isA(EmptyPage));
  assert.equal([first.startIndex(), first.endIndex()], [1, 4]);
  const last = await p.page(3);
  assert.equal(last.objectList, [9, 10]);
  assert.equal([last.startIndex(), last.endIndex()], [9, 10]);
  const orphaned = await new Paginator(ten, 4, 2).page(2);
  assert.equal(orphaned.objectList, [5, 6, 7, 8, 9, 10]);
  assert.is(String(first), '<Page 1 of 3>');
  assert.equal([...first], [1, 2, 3, 4]);
});

test('invalid numbers: page() raises, getPage() falls back like Django', async () => {
  const p = new Paginator(ten, 4);
  await assert.not.throws(async () => p.page('2'));
  for (const [n, err] of [['x', PageNotAnInteger], [1.5, PageNotAnInteger], [0, EmptyPage], [4, EmptyPage]] as const) {
    try {
      await p.page(n);
      assert.unreachable(String(n));
    } catch (e) {
      assert.ok(e instanceof err, `${n}: ${e}`);
    }
  }
  assert.is((await p.getPage('x')).number, 1);
  assert.is((await p.getPage(99)).number, 3);
  assert.is((await p.getPage(null)).number, 1);
  assert.is((await new Paginator([], 4).page(1)).objectList.length, 0);
  try {
    await new Paginator([], 4, 0, false).page(1);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof EmptyPage);
  }
});

test('getElidedPageRange elides the middle as Django does', async () => {
  const p = new Paginator(Array.from({ length: 100 }, (_, i) => i), 2);
  assert.equal(await p.getElidedPageRange(1), [1, 2, 3, 4, '…', 49, 50]);
  assert.equal(await p.getElidedPageRange(25), [1, 2, '…', 22, 23, 24, 25, 26, 27, 28, '…', 49, 50]);
  assert.equal(await p.getElidedPageRange(50), [1, 2, '…', 47, 48, 49, 50]);
  assert.equal(await new Paginator(ten, 1).getElidedPageRange(5), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('template names: page_obj.has_next, paginator.num_pages', async () => {
  const page = await new Paginator(ten, 3).page(2);
  assert.is(page.has_next, true);
  assert.is(page.next_page_number, 3);
  assert.is(page.previous_page_number, 1);
  assert.is(page.paginator.num_pages, 4);
  assert.equal(page.object_list, [4, 5, 6]);
});

test.run();
