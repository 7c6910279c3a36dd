/**
 * Django's auth forms (django.contrib.auth.forms) on manouche/forms:
 * AuthenticationForm (login), UserCreationForm, SetPasswordForm,
 * PasswordChangeForm and PasswordResetForm, with Django's field names,
 * messages and codes.
 *
 * @example
 * const form = new AuthenticationForm(request, request.POST);
 * if (await form.isValid()) await login(request, form.getUser());
 */
import { ValidationError } from '../../core/exceptions';
import { CharField, EmailField } from '../../forms/fields';
import { BaseForm, defineForm } from '../../forms/forms';
import type { FormDataInput } from '../../forms/utils';
import type { FormOptions } from '../../forms/forms';
import { PasswordInput, TextInput, EmailInput } from '../../forms/widgets';
import { EmailMultiAlternatives, getConnection } from '../../core/mail/index';
import { getTemplate } from '../../http/templates';
import { urlsafeB64encode } from '../../utils/base64';
import { authenticate } from './backends';
import { getUserModel } from './models';
import { passwordChanged, passwordValidatorsHelpTexts, validatePassword } from './password-validation';
import { defaultTokenGenerator, type PasswordResetTokenGenerator } from './tokens';

const PASSWORD_MISMATCH = 'The two password fields didn’t match.';

function passwordField(label: string, autocomplete: string, helpText = ''): CharField {
  return new CharField({ label, strip: false, widget: new PasswordInput({ attrs: { autocomplete } }), helpText } as any);
}

/** Django's urlsafe_base64_encode(force_bytes(pk)), as reset links carry the user's id. */
export function urlsafeBase64Encode(value: string): string {
  return urlsafeB64encode(new TextEncoder().encode(value)).replace(/=+$/, '');
}

/** Django's urlsafe_base64_decode, to a string. */
export function urlsafeBase64Decode(text: string): string {
  const padded = text + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(padded.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** The password-validator errors of `password` for `user` on field `fieldName` (Django's validate_password_for_user). */
async function validatePasswordForUser(form: BaseForm<any>, user: unknown, fieldName: string): Promise<void> {
  const password = (form.cleanedData as Record<string, unknown>)[fieldName];
  if (!password) return;
  try {
    await validatePassword(String(password), user);
  } catch (e) {
    if (e instanceof ValidationError) form.addError(fieldName as never, e);
    else throw e;
  }
}

/** Login: username and password; `getUser()` after isValid() (Django's AuthenticationForm). */
export class AuthenticationForm extends defineForm(
  {
    username: new CharField({ widget: new TextInput({ attrs: { autofocus: true, autocapitalize: 'none', autocomplete: 'username' } }), maxLength: 150 }),
    password: passwordField('Password', 'current-password'),
  },
  {},
  { name: 'AuthenticationForm' },
) {
  static errorMessages = {
    invalid_login: 'Please enter a correct %(username)s and password. Note that both fields may be case-sensitive.',
    inactive: 'This account is inactive.',
  };
  request: unknown;
  userCache: any = null;

  constructor(request: unknown = null, data?: FormDataInput | null, options: FormOptions<any> = {}) {
    super(data, null, options);
    this.request = request;
    const UserModel: any = getUserModel();
    const field = UserModel._meta.fieldsByName?.get(UserModel.USERNAME_FIELD ?? 'username');
    const usernameField = (this.fields as any).username as CharField;
    if (field?.maxLength) (usernameField as any).maxLength = field.maxLength;
    if ((usernameField as any).label == null) (usernameField as any).label = capitalize(field?.verboseName ?? 'username');
  }

  override async clean(): Promise<void> {
    const { username, password } = this.cleanedData as { username?: string; password?: string };
    if (username !== undefined && password !== undefined) {
      this.userCache = await authenticate(this.request, { username, password });
      if (this.userCache === null) throw this.getInvalidLoginError();
      this.confirmLoginAllowed(this.userCache);
    }
  }

  /** Refuses inactive users (a backend that lets them authenticate still needs this). */
  confirmLoginAllowed(user: any): void {
    if (user.is_active === false) throw new ValidationError(AuthenticationForm.errorMessages.inactive, { code: 'inactive' });
  }

  getUser(): any {
    return this.userCache;
  }

  getInvalidLoginError(): ValidationError {
    const UserModel: any = getUserModel();
    const verbose = UserModel._meta.fieldsByName?.get(UserModel.USERNAME_FIELD ?? 'username')?.verboseName ?? 'username';
    return new ValidationError(AuthenticationForm.errorMessages.invalid_login, { code: 'invalid_login', params: { username: verbose } });
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Sign-up: username and the password twice, validated (Django's UserCreationForm). */
export class UserCreationForm extends defineForm(
  {
    username: new CharField({ maxLength: 150, helpText: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', widget: new TextInput({ attrs: { autofocus: true } }) } as any),
    password1: passwordField('Password', 'new-password'),
    password2: passwordField('Password confirmation', 'new-password', 'Enter the same password as before, for verification.'),
  },
  {},
  { name: 'UserCreationForm' },
) {
  static errorMessages = { password_mismatch: PASSWORD_MISMATCH, unique: 'A user with that username already exists.' };
  instance: any;

  constructor(data?: FormDataInput | null, files?: FormDataInput | null, options: FormOptions<any> = {}) {
    super(data, files, options);
    const UserModel: any = getUserModel();
    this.instance = new UserModel();
    (this.fields as any).password1.helpText = passwordValidatorsHelpTexts().join(' ');
  }

  async cleanUsername(): Promise<string> {
    const username = String((this.cleanedData as any).username ?? '');
    const UserModel: any = getUserModel();
    const field = UserModel.USERNAME_FIELD ?? 'username';
    if (username && (await UserModel.objects.filter({ [`${field}__iexact`]: username }).exists())) {
      throw new ValidationError(UserCreationForm.errorMessages.unique, { code: 'unique' });
    }
    return username;
  }

  async cleanPassword2(): Promise<string> {
    const { password1, password2 } = this.cleanedData as { password1?: string; password2?: string };
    if (password1 && password2 && password1 !== password2) throw new ValidationError(PASSWORD_MISMATCH, { code: 'password_mismatch' });
    return password2 ?? '';
  }

  protected override async postClean(): Promise<void> {
    await super.postClean();
    const UserModel: any = getUserModel();
    this.instance[UserModel.USERNAME_FIELD ?? 'username'] = (this.cleanedData as any).username;
    await validatePasswordForUser(this, this.instance, 'password2');
  }

  /** Creates the user with the hashed password (commit false: not saved yet). */
  async save({ commit = true }: { commit?: boolean } = {}): Promise<any> {
    await this.instance.setPassword((this.cleanedData as any).password1);
    if (commit) await this.instance.save();
    return this.instance;
  }
}

const setPasswordFields = {
  new_password1: passwordField('New password', 'new-password'),
  new_password2: passwordField('New password confirmation', 'new-password'),
};

/** A new password twice, without the old one (Django's SetPasswordForm: reset links, admins). */
export class SetPasswordForm extends defineForm(setPasswordFields, {}, { name: 'SetPasswordForm' }) {
  static errorMessages: Record<string, string> = { password_mismatch: PASSWORD_MISMATCH };

  constructor(
    readonly user: any,
    data?: FormDataInput | null,
    options: FormOptions<any> = {},
  ) {
    super(data, null, options);
    (this.fields as any).new_password1.helpText = passwordValidatorsHelpTexts().join(' ');
  }

  async cleanNewPassword2(): Promise<string> {
    const { new_password1: p1, new_password2: p2 } = this.cleanedData as Record<string, string | undefined>;
    if (p1 && p2 && p1 !== p2) throw new ValidationError(PASSWORD_MISMATCH, { code: 'password_mismatch' });
    return p2 ?? '';
  }

  protected override async postClean(): Promise<void> {
    await super.postClean();
    await validatePasswordForUser(this, this.user, 'new_password2');
  }

  async save({ commit = true }: { commit?: boolean } = {}): Promise<any> {
    const password = (this.cleanedData as any).new_password1 as string;
    await this.user.setPassword(password);
    if (commit) {
      await this.user.save();
      await passwordChanged(password, this.user);
    }
    return this.user;
  }
}

/** The old password, then a new one twice (Django's PasswordChangeForm). */
export class PasswordChangeForm extends SetPasswordForm {
  static override errorMessages: Record<string, string> = {
    ...SetPasswordForm.errorMessages,
    password_incorrect: 'Your old password was entered incorrectly. Please enter it again.',
  };
  static override baseFields = { old_password: new CharField({ label: 'Old password', strip: false, widget: new PasswordInput({ attrs: { autocomplete: 'current-password', autofocus: true } }) } as any), ...setPasswordFields };

  async cleanOldPassword(): Promise<string> {
    const old = String((this.cleanedData as any).old_password ?? '');
    if (!(await this.user.checkPassword(old))) {
      throw new ValidationError(PasswordChangeForm.errorMessages.password_incorrect, { code: 'password_incorrect' });
    }
    return old;
  }
}

/** An administrator sets another user's password, twice, without the old one (Django's AdminPasswordChangeForm). */
export class AdminPasswordChangeForm extends defineForm(
  {
    password1: passwordField('Password', 'new-password'),
    password2: passwordField('Password (again)', 'new-password', 'Enter the same password as before, for verification.'),
  },
  {},
  { name: 'AdminPasswordChangeForm' },
) {
  constructor(
    readonly user: any,
    data?: FormDataInput | null,
    options: FormOptions<any> = {},
  ) {
    super(data, null, options);
    (this.fields as any).password1.helpText = passwordValidatorsHelpTexts().join(' ');
  }

  async cleanPassword2(): Promise<string> {
    const { password1: p1, password2: p2 } = this.cleanedData as Record<string, string | undefined>;
    if (p1 && p2 && p1 !== p2) throw new ValidationError(PASSWORD_MISMATCH, { code: 'password_mismatch' });
    return p2 ?? '';
  }

  protected override async postClean(): Promise<void> {
    await super.postClean();
    await validatePasswordForUser(this, this.user, 'password2');
  }

  /** Sets the hashed password (and saves unless commit is false). */
  async save({ commit = true }: { commit?: boolean } = {}): Promise<any> {
    const password = (this.cleanedData as any).password1 as string;
    await this.user.setPassword(password);
    if (commit) {
      await this.user.save();
      await passwordChanged(password, this.user);
    }
    return this.user;
  }
}

export interface PasswordResetSaveOptions {
  domainOverride?: string | null;
  subjectTemplateName?: string;
  emailTemplateName?: string;
  useHttps?: boolean;
  tokenGenerator?: PasswordResetTokenGenerator;
  fromEmail?: string | null;
  request?: { getHost(): string } | null;
  htmlEmailTemplateName?: string | null;
  extraEmailContext?: Record<string, unknown> | null;
}

/** An email address; save() mails a reset link to its active users (Django's PasswordResetForm). */
export class PasswordResetForm extends defineForm(
  { email: new EmailField({ label: 'Email', maxLength: 254, widget: new EmailInput({ attrs: { autocomplete: 'email' } }) } as any) },
  {},
  { name: 'PasswordResetForm' },
) {
  /** Sends one message (Django's send_mail method, overridable). */
  async sendMail(subjectTemplateName: string, emailTemplateName: string, context: Record<string, unknown>, fromEmail: string | null, toEmail: string, htmlEmailTemplateName: string | null = null): Promise<void> {
    // The subject is one line, whatever the template's newlines.
    const subject = getTemplate(subjectTemplateName).render(context).split(/\r?\n/).join('');
    const body = getTemplate(emailTemplateName).render(context);
    const message = new EmailMultiAlternatives({ subject, body, fromEmail, to: [toEmail] });
    if (htmlEmailTemplateName) message.attachAlternative(getTemplate(htmlEmailTemplateName).render(context), 'text/html');
    try {
      await getConnection().sendMessages([message]);
    } catch (e) {
      // Django logs and carries on: the page must not reveal whether the address has an account.
      console.error(`Failed to send password reset email to ${toEmail}:`, e);
    }
  }

  /** Active users with this email (case-insensitive) and a usable password (Django's get_users). */
  async getUsers(email: string): Promise<any[]> {
    const UserModel: any = getUserModel();
    const emailField = UserModel.EMAIL_FIELD ?? 'email';
    const users = await UserModel.objects.filter({ [`${emailField}__iexact`]: email, is_active: true });
    return users.filter((u: any) => u.hasUsablePassword() && String(u[emailField] ?? '').toLowerCase() === email.toLowerCase());
  }

  async save(options: PasswordResetSaveOptions = {}): Promise<void> {
    const {
      domainOverride = null,
      subjectTemplateName = 'registration/password_reset_subject.txt',
      emailTemplateName = 'registration/password_reset_email.html',
      useHttps = false,
      tokenGenerator = defaultTokenGenerator,
      fromEmail = null,
      request = null,
      htmlEmailTemplateName = null,
      extraEmailContext = null,
    } = options;
    const email = String((this.cleanedData as any).email);
    const domain = domainOverride ?? request?.getHost() ?? 'example.com';
    const UserModel: any = getUserModel();
    const emailField = UserModel.EMAIL_FIELD ?? 'email';
    for (const user of await this.getUsers(email)) {
      const context = {
        email: user[emailField],
        domain,
        site_name: domain,
        uid: urlsafeBase64Encode(String(user.pk)),
        user,
        token: await tokenGenerator.makeToken(user),
        protocol: useHttps ? 'https' : 'http',
        ...(extraEmailContext ?? {}),
      };
      await this.sendMail(subjectTemplateName, emailTemplateName, context, fromEmail, user[emailField], htmlEmailTemplateName);
    }
  }
}
