/**
 * Admin actions (django.contrib.admin.actions): functions run on the rows
 * selected in the change list. delete_selected asks for confirmation on a
 * page listing everything the cascade removes, then deletes and logs each row.
 */
import { PermissionDenied } from '../../core/exceptions';
import { ProtectedError } from '../../db/models/deletion';
import { TemplateResponse } from '../../http/templateresponse';
import { reverse } from '../../urls/index';
import { SUCCESS } from '../messages/constants';
import { addMessage } from '../messages/api';
import { DELETION, logAction } from './models';
import type { ModelAdmin } from './options';
import { capfirst, collectDeleted, quote } from './utils';

/** An action: (modelAdmin, request, queryset) → a response, or nothing to return to the list. */
export type AdminAction = ((modelAdmin: ModelAdmin, request: any, queryset: any) => unknown) & {
  shortDescription?: string;
  allowedPermissions?: readonly string[];
  actionName?: string;
};

/**
 * Django's @admin.action: a description and the permissions an action needs
 * ('add', 'change', 'delete', 'view').
 *
 * @example
 * const makePublished = action({ description: 'Mark selected as published', permissions: ['change'] },
 *   async (admin, request, qs) => { await qs.update({ status: 'p' }); });
 */
export function action<T extends AdminAction>(options: { description?: string; permissions?: readonly string[]; name?: string }, fn: T): T {
  if (options.description !== undefined) fn.shortDescription = options.description;
  if (options.permissions !== undefined) fn.allowedPermissions = options.permissions;
  if (options.name !== undefined) fn.actionName = options.name;
  return fn;
}

/** Django's delete_selected. */
export const deleteSelected: AdminAction = action(
  { description: 'Delete selected %(verbose_name_plural)s', permissions: ['delete'], name: 'delete_selected' },
  async (modelAdmin: ModelAdmin, request: any, queryset: any) => {
    const opts = modelAdmin.opts;
    const objs: any[] = await queryset.fetch();
    let groups: Awaited<ReturnType<typeof collectDeleted>> = [];
    let protectedObjs: string[] = [];
    try {
      groups = objs.length ? await collectDeleted(opts, objs) : [];
    } catch (e) {
      if (!(e instanceof ProtectedError)) throw e;
      protectedObjs = (e.protectedObjects ?? []).map((o: any) => `${capfirst(o.constructor._meta.verboseName)}: ${String(o)}`);
    }
    const permsNeeded: string[] = [];
    for (const g of groups) {
      if (g.opts === opts) continue;
      const admin = modelAdmin.adminSite.registry.get(g.opts.model);
      if (admin && !(await admin.hasDeletePermission(request))) permsNeeded.push(g.opts.verboseName);
    }
    if (request.POST.keys().includes('post') && !protectedObjs.length && !permsNeeded.length) {
      if (!(await modelAdmin.hasDeletePermission(request))) throw new PermissionDenied();
      const n = objs.length;
      if (n) {
        for (const obj of objs) await logAction(request.user, obj, DELETION, '');
        await queryset.delete();
        addMessage(request, SUCCESS, `Successfully deleted ${n} ${n === 1 ? opts.verboseName : opts.verboseNamePlural}.`, { failSilently: true });
      }
      return null;
    }
    const site = modelAdmin.adminSite;
    const deleted = groups.flatMap((g) => {
      const admin = site.registry.get(g.opts.model);
      return g.objects.map((o) => ({
        label: `${capfirst(g.opts.verboseName)}: ${String(o)}`,
        url: admin ? reverse(`${site.name}:${g.opts.appLabel}_${g.opts.modelName}_change`, { args: [quote(o.pk)], currentApp: site.name }) : null,
      }));
    });
    const objectsName = objs.length === 1 ? opts.verboseName : opts.verboseNamePlural;
    const ctx = {
      ...(await modelAdmin.contextFor(request, protectedObjs.length || permsNeeded.length ? `Cannot delete ${objectsName}` : 'Are you sure?')),
      objects_name: objectsName,
      summary: groups.map((g) => ({ name: g.objects.length === 1 ? g.opts.verboseName : g.opts.verboseNamePlural, count: g.objects.length })),
      deleted_objects: deleted,
      perms_lacking: permsNeeded,
      protected: protectedObjs,
      queryset: objs.map((o) => ({ pk: String(o.pk) })),
      action_name: 'delete_selected',
    };
    const { appLabel, modelName } = opts;
    return new TemplateResponse(request, [`admin/${appLabel}/${modelName}/delete_selected_confirmation.html`, `admin/${appLabel}/delete_selected_confirmation.html`, 'admin/delete_selected_confirmation.html'], ctx);
  },
);
