/**
 * Django's access mixins (django.contrib.auth.mixins) for class-based
 * views, as class factories: `class MyView extends LoginRequiredMixin(TemplateView)`
 * is `class MyView(LoginRequiredMixin, TemplateView)`.
 */
import { settings } from '../../conf/settings';
import { ImproperlyConfigured, PermissionDenied } from '../../core/exceptions';
import type { HttpRequest } from '../../http/request';
import type { HttpResponseBase } from '../../http/response';
import { resolveUrl } from '../../shortcuts';
import type { View } from '../../views/generic/base';
import { REDIRECT_FIELD_NAME, redirectToLogin } from './decorators';
import { requestUser } from './request-user';

type ViewClass = abstract new (...args: any[]) => View;

/** Django's AccessMixin: what happens to a refused request. */
export function AccessMixin<B extends ViewClass>(Base: B) {
  abstract class Access extends Base {
    loginUrl: string | null = null;
    permissionDeniedMessage = '';
    raiseException = false;
    redirectFieldName: string | null = REDIRECT_FIELD_NAME;

    getLoginUrl(): string {
      const url = this.loginUrl ?? settings.LOGIN_URL;
      if (!url) throw new ImproperlyConfigured(`${this.constructor.name} is missing the login_url attribute. Define ${this.constructor.name}.loginUrl, settings.LOGIN_URL, or override ${this.constructor.name}.getLoginUrl().`);
      return String(url);
    }

    /** 403 for a logged-in user or with raiseException; else the login redirect. */
    handleNoPermission(): HttpResponseBase {
      if (this.raiseException || (this.request.user as { isAuthenticated?: boolean } | undefined)?.isAuthenticated) {
        throw new PermissionDenied(this.permissionDeniedMessage);
      }
      const resolved = resolveUrl(this.getLoginUrl());
      const path = this.request.getFullPath();
      return redirectToLogin(path, resolved, this.redirectFieldName);
    }
  }
  return Access;
}

/** Logged-in users only (Django's LoginRequiredMixin). */
export function LoginRequiredMixin<B extends ViewClass>(Base: B) {
  abstract class LoginRequired extends AccessMixin(Base) {
    override async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
      const user = (await requestUser(request)) as { isAuthenticated?: boolean } | undefined;
      if (!user?.isAuthenticated) return this.handleNoPermission();
      return super.dispatch(request, kwargs, ...args);
    }
  }
  return LoginRequired;
}

/** Users with every permission in permissionRequired (Django's PermissionRequiredMixin). */
export function PermissionRequiredMixin<B extends ViewClass>(Base: B) {
  abstract class PermissionRequired extends AccessMixin(Base) {
    permissionRequired: string | string[] | null = null;

    getPermissionRequired(): string[] {
      if (this.permissionRequired === null) {
        throw new ImproperlyConfigured(`${this.constructor.name} is missing the permissionRequired attribute. Define ${this.constructor.name}.permissionRequired, or override ${this.constructor.name}.getPermissionRequired().`);
      }
      return typeof this.permissionRequired === 'string' ? [this.permissionRequired] : this.permissionRequired;
    }

    async hasPermission(): Promise<boolean> {
      const user = (await requestUser(this.request)) as { hasPerms?(p: string[]): Promise<boolean> } | undefined;
      return Boolean(user?.hasPerms && (await user.hasPerms(this.getPermissionRequired())));
    }

    override async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
      if (!(await this.hasPermission())) return this.handleNoPermission();
      return super.dispatch(request, kwargs, ...args);
    }
  }
  return PermissionRequired;
}

/** The view runs when testFunc() is true (Django's UserPassesTestMixin). */
export function UserPassesTestMixin<B extends ViewClass>(Base: B) {
  abstract class UserPassesTest extends AccessMixin(Base) {
    testFunc(): boolean | Promise<boolean> {
      throw new Error(`${this.constructor.name} is missing the implementation of the testFunc() method.`);
    }

    getTestFunc(): () => boolean | Promise<boolean> {
      return () => this.testFunc();
    }

    override async dispatch(request: HttpRequest, kwargs: Record<string, any>, ...args: any[]): Promise<HttpResponseBase> {
      // Read the user first: testFunc() and handleNoPermission() then use this.request.user synchronously.
      await requestUser(request);
      if (!(await this.getTestFunc()())) return this.handleNoPermission();
      return super.dispatch(request, kwargs, ...args);
    }
  }
  return UserPassesTest;
}
