// The admin's system checks with Django's ids and messages
// (tests/modeladmin/test_checks.py), reported by runChecks() under the
// 'admin' tag and by AdminSite.check().
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runChecks } from '../../../src/core/checks/index';
import { AdminSite, ModelAdmin } from '../../../src/contrib/admin/index';
import { Article, Author, Tag } from './options-project';

const test = suite('contrib/admin checks');

const ids = (site: AdminSite) => site.check().map((m) => m.id);
const messages = (site: AdminSite) => site.check().map((m) => m.msg);

function siteWith(options: Record<string, unknown>, extra: (s: AdminSite) => void = () => {}): AdminSite {
  const site = new AdminSite({ name: 'checks' });
  site.register(Article, options as any);
  extra(site);
  return site;
}

test('a correct configuration has no errors', () => {
  const site = siteWith(
    { listDisplay: ['title', 'rank'], listEditable: ['rank'], dateHierarchy: 'published', rawIdFields: ['editor', 'topics'], filterHorizontal: ['tags'], prepopulatedFields: { slug: ['title'] }, autocompleteFields: ['author'] },
    (s) => s.register(Author, { searchFields: ['name'] }),
  );
  assert.equal(site.check(), []);
});

test('list_editable: E121 unknown field, E122 not in list_display, E123 also a link, E124 the first column without links, E125 not editable', () => {
  assert.equal(messages(siteWith({ listDisplay: ['title'], listEditable: ['nope'] })), ["The value of 'list_editable[0]' refers to 'nope', which is not a field of 'adminopts.Article'."]);
  assert.equal(ids(siteWith({ listDisplay: ['title'], listEditable: ['nope'] })), ['admin.E121']);
  assert.equal(messages(siteWith({ listDisplay: ['title'], listEditable: ['rank'] })), ["The value of 'list_editable[0]' refers to 'rank', which is not contained in 'list_display'."]);
  assert.equal(messages(siteWith({ listDisplay: ['title', 'rank'], listDisplayLinks: ['rank'], listEditable: ['rank'] })), ["The value of 'list_editable[0]' cannot be in both 'list_editable' and 'list_display_links'."]);
  assert.equal(messages(siteWith({ listDisplay: ['rank', 'title'], listEditable: ['rank'] })), ["The value of 'list_editable[0]' refers to the first field in 'list_display' ('rank'), which cannot be used unless 'list_display_links' is set."]);
  assert.equal(ids(siteWith({ listDisplay: ['title', 'id'], listEditable: ['id'] })), ['admin.E125']);
});

test('date_hierarchy: E127 unknown field, E128 not a date', () => {
  assert.equal(messages(siteWith({ dateHierarchy: 'nope' })), ["The value of 'date_hierarchy' refers to 'nope', which does not refer to a Field."]);
  assert.equal(messages(siteWith({ dateHierarchy: 'title' })), ["The value of 'date_hierarchy' must be a DateField or DateTimeField."]);
});

test('raw_id_fields and filter_horizontal/vertical need relations (E002, E003, E019, E020)', () => {
  assert.equal(ids(siteWith({ rawIdFields: ['nope'] })), ['admin.E002']);
  assert.equal(messages(siteWith({ rawIdFields: ['title'] })), ["The value of 'raw_id_fields[0]' must be a foreign key or a many-to-many field."]);
  assert.equal(ids(siteWith({ filterHorizontal: ['nope'] })), ['admin.E019']);
  assert.equal(messages(siteWith({ filterVertical: ['author'] })), ["The value of 'filter_vertical[0]' must be a many-to-many field."]);
});

test('prepopulated_fields: E027 unknown target, E028 a relation or datetime target, E030 unknown source', () => {
  assert.equal(ids(siteWith({ prepopulatedFields: { nope: ['title'] } })), ['admin.E027']);
  assert.equal(messages(siteWith({ prepopulatedFields: { published: ['title'] } })), ["The value of 'prepopulated_fields' refers to 'published', which must not be a DateTimeField, a ForeignKey, a OneToOneField, or a ManyToManyField."]);
  assert.equal(messages(siteWith({ prepopulatedFields: { slug: ['headline'] } })), [`The value of 'prepopulated_fields["slug"][0]' refers to 'headline', which is not a field of 'adminopts.Article'.`]);
});

test('autocomplete_fields: E038 not a relation, E039 the related model unregistered, E040 no search_fields', () => {
  assert.equal(messages(siteWith({ autocompleteFields: ['title'] })), ["The value of 'autocomplete_fields[0]' must be a foreign key or a many-to-many field."]);
  assert.equal(messages(siteWith({ autocompleteFields: ['author'] })), ['An admin for model "Author" has to be registered to be referenced by ArticleAdmin.autocomplete_fields.']);
  class TagAdmin extends ModelAdmin {}
  const site = siteWith({ autocompleteFields: ['tags'] }, (s) => s.register(Tag, TagAdmin));
  assert.equal(messages(site), [`TagAdmin must define "search_fields", because it's referenced by ArticleAdmin.autocomplete_fields.`]);
  assert.equal(ids(site), ['admin.E040']);
});

test("runChecks({ tags: ['admin'] }) reports every site's errors", async () => {
  const site = siteWith({ dateHierarchy: 'title' });
  const found = (await runChecks({ tags: ['admin'] })).filter((m) => m.id === 'admin.E128');
  assert.ok(found.length >= 1);
  assert.ok(site.check().length === 1);
});

test.run();
