// A small project for the admin tests: two models, an AdminSite, users of each
// role, and a test-only middleware that sets request.user (the session/auth
// middleware is another branch's) plus Django's message storage in a cookie.
import { apps } from '../../../src/apps/registry';
import { defineApp } from '../../../src/apps/config';
import { configure, resetSettings } from '../../../src/conf/settings';
import { BooleanField, CASCADE, CharField, DateTimeField, ForeignKey, IntegerField, PROTECT, defineModel } from '../../../src/db/index';
import { path } from '../../../src/urls/index';
import { Client } from '../../../src/test/index';
import { CsrfViewMiddleware } from '../../../src/middleware/index';
import { AnonymousUser, Group, Permission, PBKDF2PasswordHasher, User, authApp } from '../../../src/contrib/auth/index';
import { ContentType, clearContentTypeCache, contenttypesApp, getForModel } from '../../../src/contrib/contenttypes/index';
import { CookieStorage, messagesProcessRequest, messagesProcessResponse } from '../../../src/contrib/messages/index';
import { DatabaseSessionStore, Session } from '../../../src/contrib/sessions/index';
import { AdminSite, LogEntry, StackedInline, TabularInline, adminApp, display } from '../../../src/contrib/admin/index';

export const Question = defineModel(
  'adminpolls.Question',
  {
    question_text: CharField({ maxLength: 200 }),
    pub_date: DateTimeField({ verboseName: 'date published' }),
    featured: BooleanField({ default: false }),
    status: CharField({ maxLength: 1, choices: [['d', 'Draft'], ['p', 'Published']], default: 'd' }),
  },
  { ordering: ['-pub_date'] },
);
(Question.prototype as any).toString = function (this: any) {
  return this.question_text;
};

export const Choice = defineModel('adminpolls.Choice', {
  question: ForeignKey(() => Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choice_text: CharField({ maxLength: 200 }),
  votes: IntegerField({ default: 0 }),
});
(Choice.prototype as any).toString = function (this: any) {
  return this.choice_text;
};

// A row that keeps its choice from being deleted (on_delete=PROTECT): defined here, with the
// other models, because every suite in the process sees the relation when it deletes a choice.
export const Ballot = defineModel('adminpolls.Ballot', {
  choice: ForeignKey(() => Choice, { onDelete: PROTECT }),
  voter: CharField({ maxLength: 20 }),
});
(Ballot.prototype as any).toString = function (this: any) {
  return this.voter;
};

export const wasPublishedRecently = display(
  { description: 'Published recently?', boolean: true, ordering: 'pub_date' },
  (q: any) => q.pub_date.getTime() >= Date.now() - 86_400_000,
);

export const site = new AdminSite({ siteHeader: 'Polls administration' });
site.register(Question, {
  listDisplay: ['question_text', 'pub_date', 'featured', 'status', wasPublishedRecently],
  listFilter: ['featured', 'status', 'pub_date'],
  searchFields: ['question_text', '=status'],
  fieldsets: [
    [null, { fields: ['question_text'] }],
    ['Date information', { fields: ['pub_date', ['featured', 'status']], classes: ['collapse'] }],
  ],
});
site.register(Choice, {
  listDisplay: ['choice_text', 'question', 'question__pub_date', 'votes'],
  listFilter: ['question__featured'],
  searchFields: ['choice_text', '^question__question_text'],
  listPerPage: 50,
  readonlyFields: ['votes'],
  showFullResultCount: false,
});

// A second site whose Question admin edits its choices inline (inlines.test.ts);
// the first site's Question pages stay inline-free for the other tests.
export class ChoiceInline extends TabularInline {
  override model = Choice;
  override extra = 3;
  override showChangeLink = true;
}
export class LimitedChoiceInline extends StackedInline {
  override model = Choice;
  override extra = 1;
  override maxNum = 2;
  override verboseNamePlural = 'answers';
  override readonlyFields = ['votes'];
}
export const inlineSite = new AdminSite({ name: 'inlines', siteHeader: 'Inline administration' });
inlineSite.register(Question, { listDisplay: ['question_text'], searchFields: ['question_text'], listFilter: ['status'], inlines: [ChoiceInline] });
inlineSite.register(Choice);
export const stackedSite = new AdminSite({ name: 'stacked' });
stackedSite.register(Question, { fields: ['question_text', 'pub_date'], inlines: [LimitedChoiceInline] });

export const pollsApp = defineApp({ name: 'adminpolls', verboseName: 'Polls' });
export const models = [ContentType, Permission, Group, User, Session, LogEntry, Question, Choice, Ballot];

class FastPBKDF2 extends PBKDF2PasswordHasher {
  override readonly iterations = 1000;
}

/** The user the next requests run as (null: anonymous), and whether they carry a database session. */
export const as: { user: any; sessions: boolean } = { user: null, sessions: false };

export const testMiddleware = (getResponse: (r: any) => Promise<any>) => async (request: any) => {
  if (as.sessions) {
    request.session = new DatabaseSessionStore(request.COOKIES.sessionid ?? null);
    await request.session.load();
  }
  request.user = as.user ?? new AnonymousUser();
  messagesProcessRequest(request);
  const response = await getResponse(request);
  await messagesProcessResponse(request, response);
  if (as.sessions && request.session.modified) {
    await request.session.save();
    response.setCookie('sessionid', request.session.sessionKey);
  }
  return response;
};

export const templates: Record<string, string> = {
  'admin/adminpolls/choice/change_form.html': '{% extends "admin/change_form.html" %}{% block object_tools %}<p id="per-model-override">Choice tools</p>{% endblock %}',
};

export async function setUpProject(): Promise<void> {
  resetSettings();
  clearContentTypeCache();
  configure({
    SECRET_KEY: 'admin-tests',
    DEBUG: false,
    STATIC_URL: '/static/',
    PASSWORD_HASHERS: [FastPBKDF2],
    MESSAGE_STORAGE: CookieStorage,
    ROOT_URLCONF: urlpatterns,
    TEMPLATES: [{ BACKEND: 'manouche.template.backends.django', APP_DIRS: true, OPTIONS: { templates } }],
  } as any);
  await apps.populate([contenttypesApp, authApp, adminApp, pollsApp]);
}

export async function tearDownProject(): Promise<void> {
  resetSettings();
  await apps.populate([]);
}

export const urlpatterns = [path('admin/', site.urls), path('inlines/', inlineSite.urls), path('stacked/', stackedSite.urls)];

export function client(): Client {
  return new Client({ middleware: [testMiddleware as any] });
}

/** A client whose POSTs go through CsrfViewMiddleware, as a browser's do. */
export function csrfClient(): Client {
  return new Client({ middleware: [CsrfViewMiddleware as any, testMiddleware as any], enforceCsrfChecks: true });
}

/** A staff user with these 'adminpolls' permissions (codenames like 'view_question'). */
export async function staff(username: string, codenames: string[] = []): Promise<any> {
  const u = await (User.objects as any).createUser(username, null, 'pw', { is_staff: true });
  for (const codename of codenames) {
    const model = codename.endsWith('question') ? Question : Choice;
    const ct = await getForModel(model);
    const [perm] = await (Permission.objects as any).getOrCreate({ content_type: ct, codename }, { name: `Can ${codename.replace('_', ' ')}` });
    await u.user_permissions.add(perm);
  }
  return (User.objects as any).get({ pk: u.pk });
}

export async function superuser(): Promise<any> {
  return (User.objects as any).createSuperuser('root', 'root@example.com', 'pw');
}
