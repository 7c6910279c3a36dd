// ModelForms and model formsets over the ORM, on sql.js and PostgreSQL.
import * as assert from 'uvu/assert';
import { CASCADE, CharField, ForeignKey, IntegerField, ManyToManyField, TextField, BooleanField, defineModel, DecimalField, connections } from '../../src/db/index';
import * as forms from '../../src/forms/index';
import { ValidationError } from '../../src/core/exceptions';
import { dbSuite } from '../db/harness';
import { html } from './helpers';

const Writer = defineModel('formstest.Writer', { name: CharField({ maxLength: 50, unique: true }) });
Writer.prototype.toString = function (this: any) {
  return this.name;
};
const Category = defineModel('formstest.Category', { name: CharField({ maxLength: 20 }), slug: CharField({ maxLength: 20 }) });
Category.prototype.toString = function (this: any) {
  return this.name;
};
const Article = defineModel(
  'formstest.Article',
  {
    headline: CharField({ maxLength: 50 }),
    slug: CharField({ maxLength: 50 }),
    status: IntegerField({ choices: [[1, 'Draft'], [2, 'Pending'], [3, 'Live']], default: 1 }),
    body: TextField({ blank: true }),
    price: DecimalField({ maxDigits: 5, decimalPlaces: 2, null: true, blank: true }),
    featured: BooleanField({ default: false }),
    writer: ForeignKey(() => Writer, { onDelete: CASCADE }),
    categories: ManyToManyField(() => Category, { blank: true }),
  },
  { uniqueTogether: [['writer', 'slug']] },
);
(Article.prototype as any).clean = function (this: any) {
  if (this.headline === 'forbidden') throw new ValidationError('Headline is forbidden.');
};
const Book = defineModel('formstest.Book', { title: CharField({ maxLength: 40 }), author: ForeignKey(() => Writer, { onDelete: CASCADE }) });

const ArticleForm = forms.modelformFactory(Article, { fields: '__all__' });

dbSuite('forms ModelForm', [Writer, Category, Article, Book], (test) => {
  test('form fields are derived from the model fields', async () => {
    const f = new ArticleForm();
    const fields = f.fields as Record<string, forms.Field>;
    assert.equal(Object.keys(fields), ['headline', 'slug', 'status', 'body', 'price', 'featured', 'writer', 'categories']);
    assert.ok(fields.headline instanceof forms.CharField);
    assert.is((fields.headline as forms.CharField).maxLength, 50);
    assert.ok(fields.status instanceof forms.TypedChoiceField);
    assert.ok(fields.status.widget instanceof forms.Select);
    assert.ok(fields.body.widget instanceof forms.Textarea);
    assert.is(fields.body.required, false); // blank → not required
    assert.ok(fields.price instanceof forms.DecimalField);
    assert.ok(fields.featured instanceof forms.BooleanField);
    assert.ok(fields.writer instanceof forms.ModelChoiceField);
    assert.ok(fields.categories instanceof forms.ModelMultipleChoiceField);
    assert.is(fields.categories.required, false);
    assert.is(fields.headline.label, 'Headline');
    // @ts-expect-error neither fields nor exclude (refused at run time too)
    assert.throws(() => forms.modelformFactory(Article, {}), /without defining 'fields' or 'exclude'/);
    // @ts-expect-error a field the model does not have (refused at run time too)
    assert.throws(() => forms.modelformFactory(Article, { fields: ['nope'] }), /Unknown field\(s\) \(nope\) specified for Article/);
    assert.equal(Object.keys(forms.modelformFactory(Article, { exclude: ['body', 'categories'] }).baseFields), ['headline', 'slug', 'status', 'price', 'featured', 'writer']);
  });

  test('choices come from one query per field and render as Django does', async ({ db }) => {
    const w = await Writer.objects.create({ name: 'Mike Royko' });
    await Writer.objects.create({ name: 'Bob <Woodward>' });
    const F = forms.modelformFactory(Article, { fields: ['writer', 'status'] });
    const f = new F();
    assert.throws(() => String(f), /await form.prepare\(\)/);
    let queries = 0;
    const query = db.query.bind(db);
    (db as any).query = (...a: [string, unknown[]]) => {
      queries++;
      return query(...a);
    };
    try {
      await f.prepare();
    } finally {
      (db as any).query = query;
    }
    assert.is(queries, 1);
    const out = html(String(f.get('writer')));
    assert.ok(out.startsWith('<select name="writer" required id="id_writer"><option value="" selected>---------</option>'), out);
    assert.ok(out.includes(`<option value="${w.pk}">Mike Royko</option>`));
    assert.ok(out.includes('Bob &lt;Woodward&gt;'));
    assert.is(html(String(f.get('status'))), html('<select name="status" id="id_status"><option value="1" selected>Draft</option><option value="2">Pending</option><option value="3">Live</option></select>'));
  });

  test('a valid ModelForm saves a new instance with its many-to-many values', async () => {
    const w = await Writer.objects.create({ name: 'A' });
    const c1 = await Category.objects.create({ name: 'Entertainment', slug: 'ent' });
    const c2 = await Category.objects.create({ name: "It's a test", slug: 'test' });
    const f = new ArticleForm({ headline: 'Hi', slug: 'hi', status: '2', body: '', price: '3.10', writer: String(w.pk), categories: [String(c1.pk), String(c2.pk)] });
    assert.ok(await f.isValid(), JSON.stringify(f.errors.toObject()));
    const a = await f.save();
    assert.ok(a.pk);
    const stored: any = await Article.objects.get({ pk: a.pk });
    assert.is(stored.headline, 'Hi');
    assert.is(stored.status, 2);
    assert.is(stored.price, '3.10');
    assert.is(stored.writer_id, w.pk);
    assert.equal((await (stored as any).categories.fetch()).map((c: any) => c.name).sort(), ['Entertainment', "It's a test"]);
  });

  test('commit: false leaves saving and saveM2m to the caller', async () => {
    const w = await Writer.objects.create({ name: 'B' });
    const c = await Category.objects.create({ name: 'X', slug: 'x' });
    const f = new ArticleForm({ headline: 'Later', slug: 'later', status: '1', writer: String(w.pk), categories: [String(c.pk)] });
    assert.ok(await f.isValid());
    const a = await f.save({ commit: false });
    assert.is(await Article.objects.count(), 0);
    a.body = 'added by the view';
    await a.save();
    await f.saveM2m();
    assert.is((await (a as any).categories.fetch()).length, 1);
  });

  test('an instance edits in place: initial from the instance, changedData, save updates', async () => {
    const w = await Writer.objects.create({ name: 'C' });
    const c = await Category.objects.create({ name: 'Y', slug: 'y' });
    const a: any = await Article.objects.create({ headline: 'Old', slug: 'old', status: 1, body: '', writer: w } as any);
    await a.categories.add(c);
    const unbound = await new ArticleForm(null, null, { instance: a }).prepare();
    const out = String(unbound);
    assert.ok(out.includes('value="Old"'));
    assert.ok(html(out).includes(`<option value="${c.pk}" selected>Y</option>`));
    const f = new ArticleForm({ headline: 'New', slug: 'old', status: '1', body: '', writer: String(w.pk), categories: [String(c.pk)] }, null, { instance: a });
    assert.ok(await f.isValid());
    assert.equal(f.changedData, ['headline']);
    await f.save();
    assert.is(await Article.objects.count(), 1);
    assert.is(((await Article.objects.get({ pk: a.pk })) as any).headline, 'New');
  });

  test('invalid choices, hostile keys and wrong types are form errors', async () => {
    const w = await Writer.objects.create({ name: 'D' });
    for (const writer of ['999999', 'abc', '<script>', '1.5', '']) {
      const f = new ArticleForm({ headline: 'x', slug: 'x', status: '9', writer, categories: ['nope'] });
      assert.is(await f.isValid(), false);
      const errors = f.errors.toObject();
      assert.equal(errors.writer, [writer === '' ? 'This field is required.' : 'Select a valid choice. That choice is not one of the available choices.']);
      assert.equal(errors.status, ['Select a valid choice. 9 is not one of the available choices.']);
      assert.equal(errors.categories, ['“nope” is not a valid value.']);
    }
    const f = new ArticleForm({ headline: 'x', slug: 'x', status: '1', writer: String(w.pk), categories: ['424242'] });
    assert.is(await f.isValid(), false);
    assert.equal(f.errors.toObject().categories, ['Select a valid choice. 424242 is not one of the available choices.']);
    assert.is(f.instance.pk, null);
  });

  test('unique and uniqueTogether are validated through the model', async () => {
    const w = await Writer.objects.create({ name: 'Taken' });
    const WriterForm = forms.modelformFactory(Writer, { fields: ['name'] });
    const wf = new WriterForm({ name: 'Taken' });
    assert.is(await wf.isValid(), false);
    assert.equal(wf.errors.toObject(), { name: ['Writer with this Name already exists.'] });
    await Article.objects.create({ headline: 'One', slug: 'same', status: 1, body: '', writer: w } as any);
    const f = new ArticleForm({ headline: 'Two', slug: 'same', status: '1', writer: String(w.pk) });
    assert.is(await f.isValid(), false);
    assert.equal(f.errors.toObject(), { __all__: ['Article with this Writer and Slug already exists.'] });
    assert.is(f.instance.pk, null); // nothing was saved
  });

  test('the model clean() and field validators run in postClean', async () => {
    const w = await Writer.objects.create({ name: 'E' });
    const f = new ArticleForm({ headline: 'forbidden', slug: 'f', status: '1', writer: String(w.pk), price: '123.456' });
    assert.is(await f.isValid(), false);
    assert.equal(f.errors.toObject(), { price: ['Ensure that there are no more than 5 digits in total.'], __all__: ['Headline is forbidden.'] });
    try {
      await f.save();
      assert.unreachable('save of an invalid form');
    } catch (e) {
      assert.is((e as Error).message, "The Article could not be created because the data didn't validate.");
    }
  });

  test('a model formset edits a QuerySet and adds new objects', async () => {
    const w = await Writer.objects.create({ name: 'F' });
    const WriterFormSet = forms.modelFormsetFactory(Writer, { fields: ['name'], extra: 1, canDelete: true });
    const unbound = await new WriterFormSet(null, null, { queryset: Writer.objects.all() }).prepare();
    assert.is(unbound.forms.length, 2);
    const out = String(unbound);
    assert.ok(out.includes('name="form-TOTAL_FORMS" value="2"'));
    assert.ok(out.includes(`name="form-0-id" value="${w.pk}"`));
    const fs = new WriterFormSet({
      'form-TOTAL_FORMS': '2', 'form-INITIAL_FORMS': '1',
      'form-0-id': String(w.pk), 'form-0-name': 'F renamed',
      'form-1-id': '', 'form-1-name': 'G',
    });
    assert.ok(await fs.isValid(), JSON.stringify(fs.errors.map((e) => e.toObject())));
    const saved = await fs.save();
    assert.equal(saved.map((o: any) => o.name), ['F renamed', 'G']);
    assert.equal((await Writer.objects.orderBy('name').fetch()).map((o: any) => o.name), ['F renamed', 'G']);
    const del = new WriterFormSet({ 'form-TOTAL_FORMS': '2', 'form-INITIAL_FORMS': '2', 'form-0-id': String(w.pk), 'form-0-name': 'F renamed', 'form-0-DELETE': 'on', 'form-1-id': String((saved[1] as any).pk), 'form-1-name': 'G' });
    assert.ok(await del.isValid());
    await del.save();
    assert.equal((await Writer.objects.fetch()).map((o: any) => o.name), ['G']);
  });

  test('an inline formset edits the children of one parent', async () => {
    const w = await Writer.objects.create({ name: 'H' });
    const other = await Writer.objects.create({ name: 'I' });
    await Book.objects.create({ title: 'Not mine', author: other } as any);
    const BookFormSet = forms.inlineFormsetFactory(Writer, Book, { fields: ['title'], extra: 2 });
    const unbound = await new BookFormSet(null, null, { instance: w }).prepare();
    assert.is(unbound.forms.length, 2);
    assert.equal(Object.keys(unbound.forms[0].fields), ['title', 'id', 'DELETE']);
    const fs = new BookFormSet({ 'book_set-TOTAL_FORMS': '2', 'book_set-INITIAL_FORMS': '0', 'book_set-0-title': 'Mine', 'book_set-1-title': '' }, null, { instance: w });
    assert.ok(await fs.isValid(), JSON.stringify(fs.nonFormErrors().messages));
    await fs.save();
    const books: any[] = await Book.objects.filter({ author: w.pk } as any).fetch();
    assert.equal(books.map((b) => b.title), ['Mine']);
    assert.throws(() => forms.inlineFormsetFactory(Category, Book, { fields: ['title'] }), /has no ForeignKey to 'formstest.Category'/);
  });

  test('an inline formset: its default prefix is the reverse accessor, an initial form needs its key, a valid bound formset renders again', async () => {
    const w = await Writer.objects.create({ name: 'J' });
    const b = await Book.objects.create({ title: 'Kept', author: w } as any);
    const BookFormSet = forms.inlineFormsetFactory(Writer, Book, { fields: ['title'], extra: 1 });
    assert.is(BookFormSet.getDefaultPrefix(), 'book_set');
    const unbound = await new BookFormSet(null, null, { instance: w }).prepare();
    assert.is(unbound.emptyForm, unbound.emptyForm, 'the empty form is built once (prepare() reaches the rendered one)');
    // Django makes the key of an initial form required: without it the row is an error, not a new book.
    const nokey = new BookFormSet({ 'book_set-TOTAL_FORMS': '1', 'book_set-INITIAL_FORMS': '1', 'book_set-0-title': 'Changed' }, null, { instance: w });
    assert.not.ok(await nokey.isValid());
    assert.equal(nokey.errors[0].get('id')?.messages, ['This field is required.']);
    // A valid formset shown again (another form on the page failed) renders its bound management form.
    const ok = new BookFormSet({ 'book_set-TOTAL_FORMS': '1', 'book_set-INITIAL_FORMS': '1', 'book_set-0-id': String(b.pk), 'book_set-0-title': 'Kept' }, null, { instance: w });
    assert.ok(await ok.isValid());
    assert.match(String(ok.managementForm), 'name="book_set-TOTAL_FORMS" value="1"');
  });
});

void connections;
