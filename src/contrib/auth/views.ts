/**
 * Django's auth views (django.contrib.auth.views): LoginView, LogoutView
 * (POST only, as Django 5), PasswordChangeView / DoneView and the reset
 * flow PasswordResetView → DoneView → ConfirmView → CompleteView. Every
 * one is CSRF-protected and never cached, with or without the middleware.
 *
 * `next=` is followed only when urlHasAllowedHostAndScheme accepts it (the
 * request's host, or successUrlAllowedHosts; https only over HTTPS): an
 * open redirect to another site is refused and the default URL is used.
 */
import { settings } from '../../conf/settings';
import { ImproperlyConfigured, ValueError } from '../../core/exceptions';
import type { HttpRequest } from '../../http/request';
import { HttpResponseRedirect, type HttpResponseBase } from '../../http/response';
import { resolveUrl } from '../../shortcuts';
import { urlHasAllowedHostAndScheme } from '../../utils/http';
import { csrfProtect } from '../../views/decorators/csrf';
import { neverCache } from '../../views/decorators/http';
import { TemplateResponseMixin, View, type ViewFunction } from '../../views/generic/base';
import { REDIRECT_FIELD_NAME } from './decorators';
import { AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm, urlsafeBase64Decode } from './forms';
import { login as authLogin, logout as authLogout, updateSessionAuthHash } from './login';
import { LoginRequiredMixin } from './mixins';
import { getUserModel } from './models';
import { requestUser } from './request-user';
import { defaultTokenGenerator, type PasswordResetTokenGenerator } from './tokens';

type AnyForm = { isValid(): Promise<boolean> } & Record<string, any>;

/** A template view with a form, CSRF-protected and never cached (the part of Django's FormView these views use). */
export class AuthFormView extends TemplateResponseMixin {
  successUrl: string | null = null;
  title = '';
  subtitle: string | null = null;

  static override asView<V extends View>(this: new () => V, initkwargs: Partial<V> = {}): ViewFunction<V> {
    const view = (View.asView as (this: unknown, i: unknown) => ViewFunction<V>).call(this, initkwargs);
    return csrfProtect(neverCache(view as any)) as unknown as ViewFunction<V>;
  }

  getFormKwargs(): { data: unknown; [k: string]: unknown } {
    return { data: ['POST', 'PUT'].includes(this.request.method) ? this.request.POST : null };
  }

  getForm(): AnyForm {
    throw new ImproperlyConfigured(`${this.constructor.name} must define getForm().`);
  }

  getSuccessUrl(): string {
    if (!this.successUrl) throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.');
    return resolveUrl(this.successUrl);
  }

  override async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context = await super.getContextData(kwargs);
    context.title = this.title;
    context.subtitle = this.subtitle;
    return context;
  }

  async get(_request: HttpRequest, _kwargs?: Record<string, any>): Promise<HttpResponseBase> {
    return this.renderToResponse(await this.getContextData({ form: this.getForm() }));
  }

  async post(_request: HttpRequest, _kwargs?: Record<string, any>): Promise<HttpResponseBase> {
    const form = this.getForm();
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form);
  }

  async formValid(_form: AnyForm): Promise<HttpResponseBase> {
    return new HttpResponseRedirect(this.getSuccessUrl());
  }

  async formInvalid(form: AnyForm): Promise<HttpResponseBase> {
    return this.renderToResponse(await this.getContextData({ form }));
  }
}

/** `next` from POST or GET, if it is safe to go there (Django's RedirectURLMixin). */
function safeRedirectUrl(request: HttpRequest, field: string, extraHosts: Iterable<string>): string {
  const to = request.POST.get(field) ?? request.GET.get(field) ?? '';
  const hosts = new Set([request.getHost(), ...extraHosts]);
  return urlHasAllowedHostAndScheme(to, hosts, request.isSecure()) ? to : '';
}

export class LoginView extends AuthFormView {
  override templateName: string | null = 'registration/login.html';
  formClass: typeof AuthenticationForm = AuthenticationForm;
  authenticationForm: typeof AuthenticationForm | null = null;
  redirectAuthenticatedUser = false;
  redirectFieldName = REDIRECT_FIELD_NAME;
  nextPage: string | null = null;
  successUrlAllowedHosts: string[] = [];

  override async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
    if (this.redirectAuthenticatedUser && ((await requestUser(request)) as { isAuthenticated?: boolean } | undefined)?.isAuthenticated) {
      const redirectTo = this.getSuccessUrl();
      if (redirectTo === request.path) {
        throw new ValueError('Redirection loop for authenticated user detected. Check that your LOGIN_REDIRECT_URL doesn\'t point to a login page.');
      }
      return new HttpResponseRedirect(redirectTo);
    }
    return super.dispatch(request, kwargs, ...args);
  }

  getRedirectUrl(): string {
    return safeRedirectUrl(this.request, this.redirectFieldName, this.successUrlAllowedHosts);
  }

  getDefaultRedirectUrl(): string {
    return resolveUrl(this.nextPage ?? settings.LOGIN_REDIRECT_URL);
  }

  override getSuccessUrl(): string {
    return this.getRedirectUrl() || this.getDefaultRedirectUrl();
  }

  override getForm(): AnyForm {
    const Form = this.authenticationForm ?? this.formClass;
    return new Form(this.request, this.getFormKwargs().data as any) as unknown as AnyForm;
  }

  override async formValid(form: AnyForm): Promise<HttpResponseBase> {
    await authLogin(this.request as any, form.getUser());
    return new HttpResponseRedirect(this.getSuccessUrl());
  }

  override async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context = await super.getContextData(kwargs);
    const host = this.request.getHost();
    Object.assign(context, { [this.redirectFieldName]: this.getRedirectUrl(), site: { domain: host, name: host }, site_name: host });
    return context;
  }
}

/** Logs out on POST (a GET cannot log anyone out: Django 5), then redirects or renders logged_out.html. */
export class LogoutView extends TemplateResponseMixin {
  override templateName: string | null = 'registration/logged_out.html';
  redirectFieldName = REDIRECT_FIELD_NAME;
  nextPage: string | null = null;
  successUrlAllowedHosts: string[] = [];
  title = 'Logged out';

  static override asView<V extends View>(this: new () => V, initkwargs: Partial<V> = {}): ViewFunction<V> {
    const view = (View.asView as (this: unknown, i: unknown) => ViewFunction<V>).call(this, initkwargs);
    return csrfProtect(neverCache(view as any)) as unknown as ViewFunction<V>;
  }

  override allowedMethods(): string[] {
    return ['POST', 'OPTIONS'];
  }

  override async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
    if (!['post', 'options'].includes(request.method.toLowerCase())) return this.httpMethodNotAllowed(request);
    return super.dispatch(request, kwargs, ...args);
  }

  async post(request: HttpRequest): Promise<HttpResponseBase> {
    await authLogout(request as any);
    const redirectTo = this.getSuccessUrl();
    if (redirectTo !== request.getFullPath()) return new HttpResponseRedirect(redirectTo);
    const context = await this.getContextData({});
    const host = request.getHost();
    Object.assign(context, { title: this.title, subtitle: null, site: { domain: host, name: host }, site_name: host });
    return this.renderToResponse(context);
  }

  getDefaultRedirectUrl(): string {
    if (this.nextPage) return resolveUrl(this.nextPage);
    if (settings.LOGOUT_REDIRECT_URL) return resolveUrl(settings.LOGOUT_REDIRECT_URL);
    return this.request.path;
  }

  getSuccessUrl(): string {
    return safeRedirectUrl(this.request, this.redirectFieldName, this.successUrlAllowedHosts) || this.getDefaultRedirectUrl();
  }
}

export class PasswordChangeView extends LoginRequiredMixin(AuthFormView) {
  override templateName: string | null = 'registration/password_change_form.html';
  override successUrl: string | null = 'password_change_done';
  override title = 'Password change';
  formClass: typeof PasswordChangeForm = PasswordChangeForm;

  override getForm(): AnyForm {
    return new this.formClass(this.request.user, this.getFormKwargs().data as any) as unknown as AnyForm;
  }

  override async formValid(form: AnyForm): Promise<HttpResponseBase> {
    await form.save();
    // The password changed: other sessions end, this one stays logged in.
    await updateSessionAuthHash(this.request as any, form.user);
    return super.formValid(form);
  }
}

export class PasswordChangeDoneView extends LoginRequiredMixin(AuthFormView) {
  override templateName: string | null = 'registration/password_change_done.html';
  override title = 'Password change successful';
  override async post(): Promise<HttpResponseBase> {
    return this.httpMethodNotAllowed(this.request);
  }
  override allowedMethods(): string[] {
    return ['GET', 'HEAD', 'OPTIONS'];
  }
  override async get(): Promise<HttpResponseBase> {
    return this.renderToResponse(await this.getContextData({}));
  }
}

export class PasswordResetView extends AuthFormView {
  override templateName: string | null = 'registration/password_reset_form.html';
  override successUrl: string | null = 'password_reset_done';
  override title = 'Password reset';
  emailTemplateName = 'registration/password_reset_email.html';
  subjectTemplateName = 'registration/password_reset_subject.txt';
  htmlEmailTemplateName: string | null = null;
  extraEmailContext: Record<string, unknown> | null = null;
  fromEmail: string | null = null;
  tokenGenerator: PasswordResetTokenGenerator = defaultTokenGenerator;
  formClass: typeof PasswordResetForm = PasswordResetForm;

  override getForm(): AnyForm {
    return new this.formClass(this.getFormKwargs().data as any) as unknown as AnyForm;
  }

  override async formValid(form: AnyForm): Promise<HttpResponseBase> {
    await form.save({
      useHttps: this.request.isSecure(),
      tokenGenerator: this.tokenGenerator,
      fromEmail: this.fromEmail,
      emailTemplateName: this.emailTemplateName,
      subjectTemplateName: this.subjectTemplateName,
      request: this.request,
      htmlEmailTemplateName: this.htmlEmailTemplateName,
      extraEmailContext: this.extraEmailContext,
    });
    return super.formValid(form);
  }
}

export const INTERNAL_RESET_SESSION_TOKEN = '_password_reset_token';

export class PasswordResetDoneView extends PasswordChangeDoneView {
  override templateName: string | null = 'registration/password_reset_done.html';
  override title = 'Password reset sent';
  override async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
    return View.prototype.dispatch.call(this, request, kwargs, ...args); // no login needed
  }
}

export class PasswordResetConfirmView extends AuthFormView {
  override templateName: string | null = 'registration/password_reset_confirm.html';
  override successUrl: string | null = 'password_reset_complete';
  override title = 'Enter new password';
  formClass: typeof SetPasswordForm = SetPasswordForm;
  postResetLogin = false;
  postResetLoginBackend: string | null = null;
  resetUrlToken = 'set-password';
  tokenGenerator: PasswordResetTokenGenerator = defaultTokenGenerator;
  validlink = false;
  user: any = null;

  override async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
    if (!('uidb64' in kwargs) || !('token' in kwargs)) throw new ImproperlyConfigured('The URL path must contain \'uidb64\' and \'token\' parameters.');
    this.validlink = false;
    this.user = await this.getUser(kwargs.uidb64);
    const session = request.session as any;
    await session.load();
    if (this.user !== null) {
      const token = String(kwargs.token);
      if (token === this.resetUrlToken) {
        const sessionToken = session.get(INTERNAL_RESET_SESSION_TOKEN);
        if (typeof sessionToken === 'string' && (await this.tokenGenerator.checkToken(this.user, sessionToken))) {
          this.validlink = true;
          return super.dispatch(request, kwargs, ...args);
        }
      } else if (await this.tokenGenerator.checkToken(this.user, token)) {
        // The token moves to the session and out of the URL, so no Referer header can leak it.
        session.set(INTERNAL_RESET_SESSION_TOKEN, token);
        return new HttpResponseRedirect(request.path.replace(token, this.resetUrlToken));
      }
    }
    return this.renderToResponse(await this.getContextData({}));
  }

  async getUser(uidb64: string): Promise<any> {
    const UserModel: any = getUserModel();
    try {
      const uid = urlsafeBase64Decode(uidb64);
      const pkType = String(UserModel._meta.pk.type ?? '');
      const pk = /(Auto|Integer)Field$/.test(pkType) ? Number(uid) : uid;
      if (typeof pk === 'number' && !Number.isSafeInteger(pk)) return null;
      return await UserModel.objects.get({ pk });
    } catch {
      return null; // bad base64, a malformed id, or no such user: an invalid link
    }
  }

  override getForm(): AnyForm {
    return new this.formClass(this.user, this.getFormKwargs().data as any) as unknown as AnyForm;
  }

  override async formValid(form: AnyForm): Promise<HttpResponseBase> {
    const user = await form.save();
    (this.request.session as any).delete(INTERNAL_RESET_SESSION_TOKEN);
    if (this.postResetLogin) await authLogin(this.request as any, user, this.postResetLoginBackend ? { backend: this.postResetLoginBackend } : {});
    return super.formValid(form);
  }

  override async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context = await super.getContextData(kwargs);
    if (this.validlink) context.validlink = true;
    else Object.assign(context, { form: null, title: 'Password reset unsuccessful', validlink: false });
    return context;
  }
}

export class PasswordResetCompleteView extends PasswordResetDoneView {
  override templateName: string | null = 'registration/password_reset_complete.html';
  override title = 'Password reset complete';
  override async getContextData(kwargs: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const context = await super.getContextData(kwargs);
    context.login_url = resolveUrl(settings.LOGIN_URL);
    return context;
  }
}
