// A second admin test project for the ModelAdmin options of the lists and
// forms (date_hierarchy, list_editable, prepopulated/raw-id/autocomplete/
// filter_horizontal fields, save_as, view_on_site, the admin widgets) and
// the auth admin. Its app declares its registrations as an `admin` hook,
// which autodiscover() runs. It reuses project.ts's test client (request.user
// from `as`, messages in a cookie).
import { apps } from '../../../src/apps/registry';
import { defineApp, type AppConfig } from '../../../src/apps/config';
import { configure, resetSettings } from '../../../src/conf/settings';
import { CASCADE, SET_NULL, CharField, DateField, DateTimeField, ForeignKey, IntegerField, ManyToManyField, SlugField, TimeField, defineModel } from '../../../src/db/index';
import { path } from '../../../src/urls/index';
import { Group, Permission, PBKDF2PasswordHasher, User, authApp } from '../../../src/contrib/auth/index';
import { ContentType, clearContentTypeCache, contenttypesApp, getForModel } from '../../../src/contrib/contenttypes/index';
import { CookieStorage } from '../../../src/contrib/messages/index';
import { Session } from '../../../src/contrib/sessions/index';
import { AdminSite, LogEntry, ModelAdmin, adminApp, autodiscover } from '../../../src/contrib/admin/index';

export const Author = defineModel('adminopts.Author', { name: CharField({ maxLength: 100 }) }, { ordering: ['name'] });
(Author.prototype as any).toString = function (this: any) {
  return this.name;
};
export const Tag = defineModel('adminopts.Tag', { name: CharField({ maxLength: 50 }) });
(Tag.prototype as any).toString = function (this: any) {
  return this.name;
};

export const Article = defineModel('adminopts.Article', {
  title: CharField({ maxLength: 200 }),
  slug: SlugField({ maxLength: 50 }),
  author: ForeignKey(() => Author, { onDelete: CASCADE, relatedName: 'articles' }),
  editor: ForeignKey(() => Author, { onDelete: SET_NULL, null: true, blank: true, relatedName: 'edited' }),
  tags: ManyToManyField(() => Tag, { blank: true, relatedName: 'articles' }),
  topics: ManyToManyField(() => Tag, { blank: true, relatedName: 'topic_articles' }),
  published: DateTimeField(),
  day: DateField({ null: true, blank: true }),
  at: TimeField({ null: true, blank: true }),
  rank: IntegerField({ default: 0 }),
  status: CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']], default: 'd' }),
});
(Article.prototype as any).toString = function (this: any) {
  return this.title;
};

export class ArticleAdmin extends ModelAdmin {
  override listDisplay = ['title', 'rank', 'status', 'published'];
  override listDisplayLinks = ['title'];
  override listEditable = ['rank', 'status'];
  override listFilter = ['status'];
  override searchFields = ['title'];
  override dateHierarchy = 'published';
  override listPerPage = 3;
  override prepopulatedFields = { slug: ['title'] };
  override rawIdFields = ['editor', 'topics'];
  override autocompleteFields = ['author'];
  override filterHorizontal = ['tags'];
  override saveAs = true;
  override viewOnSite = (obj: any) => `/articles/${obj.slug}/`;
}

/** The app's admin module: what autodiscover() runs for 'adminopts'. */
export function registerOpts(site: AdminSite): void {
  site.register(Author, { searchFields: ['name'] });
  site.register(Tag);
  site.register(Article, ArticleAdmin);
}

export const optsApp = defineApp({ name: 'adminopts', verboseName: 'Articles', admin: registerOpts });
export const optsModels = [ContentType, Permission, Group, User, Session, LogEntry, Author, Tag, Article];

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}

export let optsSite = new AdminSite({ siteHeader: 'Articles administration' });

/** Installs the project with a fresh site filled by autodiscover() (auth's User/Group admins and this app's). */
export async function setUpOptions(extraApps: readonly AppConfig[] = []): Promise<void> {
  resetSettings();
  clearContentTypeCache();
  optsSite = new AdminSite({ siteHeader: 'Articles administration' });
  configure({
    SECRET_KEY: 'admin-options-tests',
    DEBUG: false,
    STATIC_URL: '/static/',
    PASSWORD_HASHERS: [FastPBKDF2],
    MESSAGE_STORAGE: CookieStorage,
    TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: true, OPTIONS: {} }],
  } as any);
  await apps.populate([contenttypesApp, authApp, adminApp, optsApp, ...extraApps]);
  await autodiscover(optsSite);
  configure({ ROOT_URLCONF: [path('admin/', optsSite.urls)] } as any);
}

export async function tearDownOptions(): Promise<void> {
  resetSettings();
  await apps.populate([]);
}

/** A staff user with these 'adminopts' permissions (codenames like 'change_article'). */
export async function optsStaff(username: string, codenames: string[] = []): Promise<any> {
  const u = await (User.objects as any).createUser(username, null, 'pw', { is_staff: true });
  const byName: Record<string, any> = { article: Article, author: Author, tag: Tag, user: User, group: Group };
  for (const codename of codenames) {
    const model = byName[codename.split('_')[1]!];
    const ct = await getForModel(model);
    const [perm] = await (Permission.objects as any).getOrCreate({ content_type: ct, codename }, { name: `Can ${codename.replace('_', ' ')}` });
    await u.user_permissions.add(perm);
  }
  return (User.objects as any).get({ pk: u.pk });
}

let seq = 0;
/** An article; `published` is a UTC date. */
export async function article(fields: Record<string, unknown> = {}): Promise<any> {
  seq++;
  const author = fields.author ?? (await (Author.objects as any).create({ name: `Author ${seq}` }));
  return (Article.objects as any).create({ title: `Article ${seq}`, slug: `article-${seq}`, published: new Date(Date.UTC(2024, 0, 1)), ...fields, author });
}
