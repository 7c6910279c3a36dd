/**
 * AdminSite (django.contrib.admin.sites): the registry of ModelAdmins, the
 * URLconf mounted by `path('admin/', site.urls)` under the 'admin'
 * namespace, staff-only access, the index and per-app pages, login and
 * logout. Several sites may coexist, each with its own name (instance namespace).
 */
import { ImproperlyConfigured } from '../../core/exceptions';
import { Http404 } from '../../http/exceptions';
import { HttpResponseRedirect, type HttpResponseBase } from '../../http/response';
import { TemplateResponse } from '../../http/templateresponse';
import { include, path, rePath, type URLEntry, type Included } from '../../urls/conf';
import { reverse } from '../../urls/index';
import { apps } from '../../apps/registry';
import { addNeverCacheHeaders } from '../../utils/cache';
import { getMessages } from '../messages/api';
import { staticUrl } from '../staticfiles/templatetags';
import { authenticate } from '../auth/backends';
import { login, logout } from '../auth/login';
import { isPasswordUsable } from '../auth/hashers';
import { ModelAdmin, type ModelAdminOptions } from './options';
import { LogEntry, changeMessageText } from './models';
import { deleteSelected, type AdminAction } from './actions';
import { capfirst } from './utils';
import { autocompleteView } from './autocomplete';
import { checkAdminSite, trackSite } from './checks';
import type { CheckMessage } from '../../core/checks/messages';
import { passwordChangeDoneView, passwordChangeView } from './password';

type Request = any;
export type ModelAdminClass = new (model: any, site: AdminSite) => ModelAdmin;

export class AlreadyRegistered extends Error {
  override name = 'AlreadyRegistered';
}
export class NotRegistered extends Error {
  override name = 'NotRegistered';
}

export interface AdminSiteOptions {
  name?: string;
  siteHeader?: string;
  siteTitle?: string;
  indexTitle?: string;
  siteUrl?: string | null;
}

/** One model on the index: its name, URLs and what the user may do. */
export interface AppListModel {
  name: string;
  objectName: string;
  perms: { add: boolean; change: boolean; delete: boolean; view: boolean };
  adminUrl: string | null;
  addUrl: string | null;
  viewOnly: boolean;
}

export interface AppListEntry {
  name: string;
  appLabel: string;
  appUrl: string;
  models: AppListModel[];
}

export class AdminSite {
  name: string;
  siteHeader: string;
  siteTitle: string;
  indexTitle: string;
  siteUrl: string | null;
  /** Actions every ModelAdmin offers (Django's site-wide actions: delete_selected). */
  readonly actions: AdminAction[] = [deleteSelected];
  /** Model class → its ModelAdmin (Django's _registry). */
  readonly registry = new Map<any, ModelAdmin>();

  constructor(options: AdminSiteOptions = {}) {
    this.name = options.name ?? 'admin';
    this.siteHeader = options.siteHeader ?? 'Manouche administration';
    this.siteTitle = options.siteTitle ?? 'Manouche site admin';
    this.indexTitle = options.indexTitle ?? 'Site administration';
    this.siteUrl = options.siteUrl === undefined ? '/' : options.siteUrl;
    trackSite(this);
  }

  /** Django's AdminSite.check(): the system-check errors of every registered ModelAdmin. */
  check(): CheckMessage[] {
    return checkAdminSite(this);
  }

  /**
   * Registers models with a ModelAdmin class or an options object (Django's
   * register(); the @admin.register decorator is `register(Model)(Class)`).
   *
   * @example
   * site.register(Question, { listDisplay: ['question_text', 'pub_date'], searchFields: ['question_text'] });
   */
  register(models: any | readonly any[], admin: ModelAdminClass | ModelAdminOptions = ModelAdmin): void {
    const list = Array.isArray(models) ? models : [models];
    for (const model of list) {
      const AdminClass: ModelAdminClass = typeof admin === 'function' ? admin : optionsAdmin(model, admin);
      if (!model?._meta) throw new TypeError(`${String(model)} is not a model: register() takes model classes.`);
      if (model._meta.autoCreated) throw new ImproperlyConfigured(`The model ${model.name} is abstract or automatic, so it cannot be registered with admin.`);
      if (this.registry.has(model)) throw new AlreadyRegistered(`The model ${model.name} is already registered with '${this.name}'.`);
      const modelAdmin = new AdminClass(model, this);
      // Django's admin checks (E202/E203): an inline without a foreign key to the model fails here, not on a request.
      for (const Inline of modelAdmin.inlines) new Inline(model, this).check();
      this.registry.set(model, modelAdmin);
    }
    this.refreshUrls();
  }

  unregister(models: any | readonly any[]): void {
    for (const model of Array.isArray(models) ? models : [models]) {
      if (!this.registry.delete(model)) throw new NotRegistered(`The model ${model.name} is not registered`);
    }
    this.refreshUrls();
  }

  isRegistered(model: any): boolean {
    return this.registry.has(model);
  }

  /** Django's has_permission: an active staff member. */
  hasPermission(request: Request): boolean {
    const u = request.user;
    return !!u && u.isAuthenticated !== false && !!(u.is_active ?? u.isActive) && !!(u.is_staff ?? u.isStaff);
  }

  /** Django's admin_view: staff only (others go to the login page), never cached. */
  adminView<P>(view: (request: Request, params: P) => Promise<unknown> | unknown): (request: Request, params: P) => Promise<unknown> {
    return async (request, params) => {
      // Every admin page reads the user: once, here, so hasPermission() and the views read request.user synchronously.
      await request.auser?.();
      if (!this.hasPermission(request)) {
        const login = reverse(`${this.name}:login`, { currentApp: this.name });
        if (request.path === login) return view(request, params);
        return new HttpResponseRedirect(`${login}?next=${encodeURIComponent(request.getFullPath())}`);
      }
      const response = await view(request, params);
      if (response && typeof response === 'object' && 'headers' in (response as object)) addNeverCacheHeaders(response as HttpResponseBase);
      return response;
    };
  }

  appVerboseName(appLabel: string): string {
    try {
      return apps.getAppConfig(appLabel).verboseName;
    } catch {
      return capfirst(appLabel);
    }
  }

  /**
   * The URLconf for `path('admin/', site.urls)`: app name 'admin', namespace this.name.
   *
   * A settings module builds its URLconf when it is imported, before setup()
   * runs the apps' ready() and so autodiscover() (Django imports urls.py after
   * both): the list handed out here stays this site's, and models registered
   * later join it, up to the first request resolved against the URLconf.
   */
  get urls(): Included {
    this.urlList ??= [];
    this.refreshUrls();
    return include([this.urlList, 'admin'], { namespace: this.name });
  }

  private urlList?: URLEntry[];

  /** Rebuilds the list `urls` handed out after the registry changed (register(), unregister(), autodiscover()'s rollback). */
  refreshUrls(): void {
    this.urlList?.splice(0, this.urlList.length, ...this.getUrls());
  }

  getUrls(): URLEntry[] {
    const wrap = <P>(v: (request: Request, params: P) => unknown) => this.adminView(v);
    const urls: URLEntry[] = [
      path('', wrap((r) => this.index(r)), { name: 'index' }),
      path('login/', (r: Request) => this.loginView(r), { name: 'login' }),
      path('logout/', wrap((r) => this.logoutView(r)), { name: 'logout' }),
      path('password_change/', wrap((r) => passwordChangeView(this, r)), { name: 'password_change' }),
      path('password_change/done/', wrap((r) => passwordChangeDoneView(this, r)), { name: 'password_change_done' }),
      path('autocomplete/', wrap((r) => autocompleteView(this, r)), { name: 'autocomplete' }),
    ];
    const labels = new Set<string>();
    for (const [model, admin] of this.registry) {
      const { appLabel, modelName } = model._meta;
      labels.add(appLabel);
      urls.push(path(`${appLabel}/${modelName}/`, include(admin.getUrls())));
    }
    if (labels.size) {
      const alternatives = [...labels].map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
      urls.push(rePath(`^(?P<app_label>${alternatives})/$`, wrap((r, p: { app_label: string }) => this.appIndex(r, p.app_label)), { name: 'app_list' }));
    }
    return urls;
  }

  /** Django's each_context: what every admin page's template reads. */
  async eachContext(request: Request): Promise<Record<string, unknown>> {
    let css = '';
    try {
      css = staticUrl('admin/css/base.css');
    } catch {
      css = '';
    }
    const u = request.user;
    // Reading the storage marks the messages as seen (Django's template iteration does the same).
    const messages: Array<{ tags: string; text: string }> = [];
    for await (const m of getMessages(request) as AsyncIterable<{ tags: string; message: unknown }>) messages.push({ tags: m.tags, text: String(m.message) });
    return {
      site_title: this.siteTitle,
      site_header: this.siteHeader,
      site_url: this.siteUrl,
      has_permission: this.hasPermission(request),
      user_display: u ? String(u.first_name || u.username || u.getUsername?.() || '') : '',
      index_url: reverse(`${this.name}:index`, { currentApp: this.name }),
      logout_url: reverse(`${this.name}:logout`, { currentApp: this.name }),
      // Django's user-tools: "Change password" for a user with a usable password.
      password_change_url: u && isPasswordUsable(u.password ?? null) && u.isAuthenticated !== false && u.password ? reverse(`${this.name}:password_change`, { currentApp: this.name }) : null,
      stylesheet: css,
      widgets_stylesheet: css ? staticUrl('admin/css/widgets.css') : '',
      messages,
    };
  }

  /** Django's _build_app_dict / get_app_list: the apps and models this user may see. */
  async getAppList(request: Request, only?: string): Promise<AppListEntry[]> {
    const byApp = new Map<string, AppListEntry>();
    for (const [model, admin] of this.registry) {
      const { appLabel, modelName } = model._meta;
      if (only && appLabel !== only) continue;
      if (!(await admin.hasModulePermission(request))) continue;
      const perms = await admin.getModelPerms(request);
      if (!Object.values(perms).some(Boolean)) continue;
      const url = (v: string) => reverse(`${this.name}:${appLabel}_${modelName}_${v}`, { currentApp: this.name });
      const entry: AppListModel = {
        name: capfirst(model._meta.verboseNamePlural),
        objectName: model.name,
        perms,
        adminUrl: perms.change || perms.view ? url('changelist') : null,
        addUrl: perms.add ? url('add') : null,
        viewOnly: !perms.change && perms.view,
      };
      let app = byApp.get(appLabel);
      if (!app) {
        app = { name: this.appVerboseName(appLabel), appLabel, appUrl: reverse(`${this.name}:app_list`, { kwargs: { app_label: appLabel }, currentApp: this.name }), models: [] };
        byApp.set(appLabel, app);
      }
      app.models.push(entry);
    }
    const list = [...byApp.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    for (const app of list) app.models.sort((a, b) => a.name.localeCompare(b.name));
    return list;
  }

  /** Django's index view, with the user's recent actions. */
  async index(request: Request): Promise<unknown> {
    const appList = await this.getAppList(request);
    let recent: Array<Record<string, unknown>> = [];
    if (request.user?.pk !== undefined && request.user?.pk !== null) {
      const entries = await (LogEntry.objects as any).filter({ user: request.user.pk }).selectRelated('content_type').orderBy('-action_time', '-pk').slice(0, 10).fetch();
      recent = entries.map((e: any) => {
        const ct = e.content_type;
        let url: string | null = null;
        if (ct && e.action_flag !== 3) {
          try {
            url = reverse(`${this.name}:${ct.app_label}_${ct.model}_change`, { args: [e.object_id], currentApp: this.name });
          } catch {
            url = null;
          }
        }
        return { repr: e.object_repr, url, flag: ['', 'addlink', 'changelink', 'deletelink'][e.action_flag] ?? '', model: ct ? capfirst(ct.model) : 'Unknown content', message: changeMessageText(e) };
      });
    }
    return new TemplateResponse(request, 'admin/index.html', { ...(await this.eachContext(request)), title: this.indexTitle, app_list: appList, recent_actions: recent });
  }

  /** Django's app_index view: 404 when the user may see none of the app's models. */
  async appIndex(request: Request, appLabel: string): Promise<unknown> {
    const appList = await this.getAppList(request, appLabel);
    if (!appList.length) throw new Http404('The requested admin page does not exist.');
    const name = appList[0]!.name;
    return new TemplateResponse(request, [`admin/${appLabel}/app_index.html`, 'admin/app_index.html'], {
      ...(await this.eachContext(request)),
      title: `${name} administration`,
      app_list: appList,
      app_label: appLabel,
      app_verbose_name: name,
    });
  }

  /** Django's login view: authenticate() and login() over the request's session. */
  async loginView(request: Request): Promise<unknown> {
    await request.auser?.(); // not behind adminView: read the user for hasPermission() and the template
    const index = reverse(`${this.name}:index`, { currentApp: this.name });
    const next = String(request.POST?.get?.('next') ?? request.GET.get('next') ?? '') || index;
    const safeNext = next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : index;
    if (request.method === 'GET' && this.hasPermission(request)) return new HttpResponseRedirect(safeNext);
    let error = '';
    let username = '';
    if (request.method === 'POST') {
      username = String(request.POST.get('username') ?? '');
      const password = String(request.POST.get('password') ?? '');
      if (!request.session) {
        error = 'Logging in needs sessions: add the session and authentication middleware to MIDDLEWARE.';
      } else {
        const user = await authenticate(request, { username, password });
        if (user && (user.is_active ?? true) && user.is_staff) {
          await login(request, user);
          return new HttpResponseRedirect(safeNext);
        }
        error = 'Please enter the correct username and password for a staff account. Note that both fields may be case-sensitive.';
      }
    }
    const response = new TemplateResponse(request, 'admin/login.html', {
      ...(await this.eachContext(request)),
      title: 'Log in',
      app_path: request.getFullPath(),
      username,
      error,
      next: safeNext,
      user_is_other: !!request.user?.isAuthenticated && !this.hasPermission(request),
    });
    addNeverCacheHeaders(response);
    return response;
  }

  /** Django's logout view (the session is flushed when there is one). */
  async logoutView(request: Request): Promise<unknown> {
    if (request.session) {
      await logout(request);
    }
    return new HttpResponseRedirect(reverse(`${this.name}:login`, { currentApp: this.name }));
  }
}

/** A ModelAdmin class for an options object, named '<Model>Admin' as a Django user would name it (checks and errors say it). */
function optionsAdmin(model: any, options: ModelAdminOptions): ModelAdminClass {
  const cls = class extends ModelAdmin {
    constructor(m: any, site: AdminSite) {
      super(m, site);
      Object.assign(this, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: `${model?.name ?? 'Model'}Admin` });
  return cls;
}

/** The default site (Django's admin.site). */
export const site = new AdminSite();
