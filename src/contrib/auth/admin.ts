/**
 * django.contrib.auth.admin: GroupAdmin and UserAdmin, registered on a site
 * by auth's `admin` hook (run by the admin's autodiscover()).
 *
 * UserAdmin's add page asks for a username and the password twice
 * (UserCreationForm), then continues to the change page; the change page
 * shows the password as its hash summary with a link to
 * `<id>/password/`, where AdminPasswordChangeForm sets a new one.
 */
import { PermissionDenied } from '../../core/exceptions';
import type { Field as DbField } from '../../db/models/fields';
import { CharField, type FieldOptions } from '../../forms/fields';
import { Widget, type Attrs } from '../../forms/widgets';
import { Http404 } from '../../http/exceptions';
import { HttpResponseRedirect } from '../../http/response';
import { TemplateResponse } from '../../http/templateresponse';
import { SafeString, escapeHtml } from '../../template/safe';
import { path, type URLEntry } from '../../urls/conf';
import { SUCCESS } from '../messages/constants';
import { addMessage } from '../messages/api';
import { CHANGE, ModelAdmin, logAction, quote, type AdminSite, type Fieldset } from '../admin/index';
import { errorNote } from '../admin/password';
import { AdminPasswordChangeForm, UserCreationForm } from './forms';
import { UNUSABLE_PASSWORD_PREFIX, identifyHasher } from './hashers';
import { updateSessionAuthHash } from './login';
import { Group, User, getUserModel } from './models';

type Request = any;

/** Django's ReadOnlyPasswordHashWidget: the hash's safe summary, never the hash. */
export class ReadOnlyPasswordHashWidget extends Widget {
  override render(_name: string, value: unknown, attrs?: Attrs): SafeString {
    const encoded = value === null || value === undefined ? '' : String(value);
    let summary: Array<[string, unknown]>;
    if (!encoded || encoded.startsWith(UNUSABLE_PASSWORD_PREFIX)) summary = [['No password set.', null]];
    else {
      try {
        summary = Object.entries(identifyHasher(encoded).safeSummary(encoded));
      } catch {
        summary = [['Invalid password format or unknown hashing algorithm.', null]];
      }
    }
    const id = attrs?.id ? ` id="${escapeHtml(String(attrs.id))}"` : '';
    const items = summary.map(([label, v]) => `<strong>${escapeHtml(label)}</strong>${v === null ? '' : `: <bdi>${escapeHtml(String(v))}</bdi>`}`).join('\n');
    return new SafeString(`<div${id}>\n${items}\n</div>`);
  }
}

/** Django's ReadOnlyPasswordHashField: shown, never edited (a disabled field keeps the stored hash). */
export function readOnlyPasswordHashField(options: FieldOptions = {}): CharField {
  return new CharField({
    ...options,
    required: false,
    disabled: true,
    widget: new ReadOnlyPasswordHashWidget(),
    helpText: 'Raw passwords are not stored, so there is no way to see this user’s password, but you can change the password using <a href="../password/">this form</a>.',
  } as any);
}

export class GroupAdmin extends ModelAdmin {
  override searchFields = ['name'];
  override ordering = ['name'];
  override filterHorizontal = ['permissions'];
}

export class UserAdmin extends ModelAdmin {
  /** The add page's fieldsets (Django's add_fieldsets). */
  addFieldsets: readonly Fieldset[] = [[null, { classes: ['wide'], fields: ['username', 'password1', 'password2'] }]];
  override fieldsets: readonly Fieldset[] = [
    [null, { fields: ['username', 'password'] }],
    ['Personal info', { fields: ['first_name', 'last_name', 'email'] }],
    ['Permissions', { fields: ['is_active', 'is_staff', 'is_superuser', 'groups', 'user_permissions'] }],
    ['Important dates', { fields: ['last_login', 'date_joined'] }],
  ];
  override listDisplay = ['username', 'email', 'first_name', 'last_name', 'is_staff'];
  override listFilter = ['is_staff', 'is_superuser', 'is_active', 'groups'];
  override searchFields = ['username', 'first_name', 'last_name', 'email'];
  override ordering = ['username'];
  override filterHorizontal = ['groups', 'user_permissions'];

  override getFieldsets(request: Request, obj?: unknown): Fieldset[] {
    return obj ? super.getFieldsets(request, obj) : [...this.addFieldsets];
  }
  override getFields(request: Request, obj?: unknown): string[] {
    if (obj) return super.getFields(request, obj);
    return this.addFieldsets.flatMap(([, o]) => o.fields.flatMap((l) => (typeof l === 'string' ? [l] : [...l])));
  }
  /** The add page uses UserCreationForm (Django's add_form). */
  override getForm(request: Request, obj: unknown, readonlyAll: boolean): any {
    return obj ? super.getForm(request, obj, readonlyAll) : UserCreationForm;
  }
  override formfieldForDbfield(dbField: DbField, request: Request, options: FieldOptions = {}) {
    if (dbField.name === 'password') return readOnlyPasswordHashField({ label: 'Password' });
    return super.formfieldForDbfield(dbField, request, options);
  }
  /** Django: no filtering on password hashes through the URL. */
  override lookupAllowed(lookup: string): boolean {
    return !lookup.startsWith('password') && super.lookupAllowed(lookup);
  }
  /** Django's response_add: after adding a user, its change page (unless "Save and add another"). */
  override continuesAfterAdd(request: Request): boolean {
    return !request.POST.has('_addanother');
  }

  override getUrls(): URLEntry[] {
    const view = this.adminSite.adminView((r: Request, p: { id: string }) => this.userChangePassword(r, p.id));
    return [path('<id>/password/', view, { name: 'auth_user_password_change' }), ...super.getUrls()];
  }

  /** Django's user_change_password: another user's password, set twice by an administrator. */
  async userChangePassword(request: Request, id: string): Promise<unknown> {
    const user = await this.getObject(request, id);
    if (!(await this.hasChangePermission(request, user))) throw new PermissionDenied();
    if (user === null) throw new Http404(`${this.opts.verboseName} object with primary key '${id}' does not exist.`);
    const post = request.method === 'POST';
    const form: any = new AdminPasswordChangeForm(user, post ? request.POST : null);
    if (post && (await form.isValid())) {
      const changed: string[] = form.changedData;
      await form.save();
      await logAction(request.user, user, CHANGE, [{ changed: { fields: changed.map((n) => String(form.fields[n].label)) } }]);
      addMessage(request, SUCCESS, 'Password changed successfully.', { failSilently: true });
      // Changing one's own password keeps this session logged in.
      if (request.user?.pk === user.pk) await updateSessionAuthHash(request, user);
      return new HttpResponseRedirect(this.url('change', [quote(user.pk)]));
    }
    return new TemplateResponse(request, 'admin/auth/user/change_password.html', {
      ...(await this.contextFor(request, `Change password: ${user.getUsername?.() ?? user.username}`)),
      form,
      original: user,
      original_url: this.url('change', [quote(user.pk)]),
      error_note: post ? errorNote(form) : '',
    });
  }
}

/**
 * auth's admin module (Django's django/contrib/auth/admin.py): Group and,
 * unless AUTH_USER_MODEL swaps it out, User, on `site`.
 */
export function registerAuthAdmin(site: AdminSite): void {
  if (!site.isRegistered(Group)) site.register(Group, GroupAdmin);
  if (getUserModel() === (User as unknown) && !site.isRegistered(User)) site.register(User, UserAdmin);
}
