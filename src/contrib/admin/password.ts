/**
 * The admin's own password pages (Django's AdminSite.password_change and
 * password_change_done): the logged-in staff member changes their password
 * with auth's PasswordChangeForm (old password, new one twice); the session
 * stays valid (update_session_auth_hash) while other sessions end.
 */
import { HttpResponseRedirect } from '../../http/response';
import { TemplateResponse } from '../../http/templateresponse';
import { reverse } from '../../urls/index';
import { PasswordChangeForm } from '../auth/forms';
import { updateSessionAuthHash } from '../auth/login';

type Request = any;
interface SiteLike {
  name: string;
  eachContext(request: Request): Promise<Record<string, unknown>>;
}

/** Errors shown above the form: one sentence for one error, another for several (Django's wording). */
export function errorNote(form: any): string {
  let n = 0;
  for (const list of (form.errors as Map<string, { length: number }>).values()) n += list.length;
  return n === 0 ? '' : n === 1 ? 'Please correct the error below.' : 'Please correct the errors below.';
}

export async function passwordChangeView(site: SiteLike, request: Request): Promise<unknown> {
  const post = request.method === 'POST';
  const form: any = new PasswordChangeForm(request.user, post ? request.POST : null);
  if (post && (await form.isValid())) {
    await form.save();
    await updateSessionAuthHash(request, form.user);
    return new HttpResponseRedirect(reverse(`${site.name}:password_change_done`, { currentApp: site.name }));
  }
  return new TemplateResponse(request, 'admin/password_change_form.html', {
    ...(await site.eachContext(request)),
    title: 'Password change',
    form,
    error_note: post ? errorNote(form) : '',
  });
}

export async function passwordChangeDoneView(site: SiteLike, request: Request): Promise<unknown> {
  return new TemplateResponse(request, 'admin/password_change_done.html', { ...(await site.eachContext(request)), title: 'Password change successful' });
}
