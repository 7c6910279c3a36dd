// on_delete=SET_DEFAULT and DO_NOTHING through the deletion collector, on
// both backends (after Django's tests/delete: test_setdefault, test_do_nothing).
import * as assert from 'uvu/assert';
import { CASCADE, CharField, DO_NOTHING, ForeignKey, IntegrityError, SET_DEFAULT, atomic, connections, defineModel } from '../../src/db/index';
import { dbSuite, rejects } from './harness';

const Shelf = defineModel('od.Shelf', { name: CharField({ maxLength: 20 }) });
const Volume = defineModel('od.Volume', {
  shelf: ForeignKey(() => Shelf, { onDelete: SET_DEFAULT, default: 1, relatedName: 'volumes' }),
  title: CharField({ maxLength: 20 }),
});
const Audit = defineModel('od.Audit', { shelf: ForeignKey(() => Shelf, { onDelete: DO_NOTHING, relatedName: 'audits' }) });
const Note = defineModel('od.Note', { shelf: ForeignKey(() => Shelf, { onDelete: CASCADE, relatedName: 'notes' }) });

dbSuite('on_delete', [Shelf, Volume, Audit, Note], (test) => {
  test('SET_DEFAULT points the related rows at the default, in one UPDATE', async () => {
    const main = await Shelf.objects.create({ name: 'main' });
    const top = await Shelf.objects.create({ name: 'top' });
    assert.is(main.pk, 1, 'the default (1) names this shelf');
    await Volume.objects.create({ shelf: top, title: 'a' });
    await Volume.objects.create({ shelf: top, title: 'b' });
    const [n, per] = await top.delete();
    assert.is(n, 1);
    assert.equal(per, { 'od.Shelf': 1 });
    assert.equal(await Volume.objects.orderBy('title').valuesList('shelf_id', { flat: true }), [1, 1]);
  });

  test('DO_NOTHING leaves the rows to the database: its foreign key constraint refuses, nothing is deleted', async () => {
    const s = await Shelf.objects.create({ name: 's' });
    await Note.objects.create({ shelf: s });
    await Audit.objects.create({ shelf: s });
    // the constraint is deferred (as Django creates it): the commit refuses
    await rejects(() => atomic(() => s.delete()), IntegrityError);
    assert.is(await Shelf.objects.count(), 1, 'the shelf is still there');
    assert.is(await Note.objects.count(), 1, 'the cascade inside the failed transaction was rolled back');
    // with the audit rows gone first, the delete goes through; DO_NOTHING adds no query of its own
    await Audit.objects.all().delete();
    const again = await Shelf.objects.get({ name: 's' });
    const before = connections.get().queryCount;
    await again.delete();
    const queries = connections.get().queryCount - before;
    assert.is(await Shelf.objects.count(), 0);
    assert.is(queries, 4, "a SELECT per collected relation (volumes, notes), a DELETE per table with rows; none for DO_NOTHING");
  });
});
