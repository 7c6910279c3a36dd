/**
 * Django's AutocompleteJsonView (admin/autocomplete/): the choices of an
 * autocomplete_fields select, searched with the *related* ModelAdmin's
 * search_fields, 20 per page, as
 * `{"results": [{"id": "1", "text": "..."}], "pagination": {"more": false}}`.
 *
 * 1. app_label, model_name and field_name name the field being edited;
 *    anything missing or unknown is a 403 (as Django: no hint what exists).
 * 2. The field's related model must be registered, and its admin must define
 *    search_fields (404 otherwise, admin.E040 catches it earlier).
 * 3. The user needs the view permission on the related model.
 */
import { PermissionDenied } from '../../core/exceptions';
import { apps } from '../../apps/registry';
import type { ForeignKey } from '../../db/models/fields';
import { Http404 } from '../../http/exceptions';
import { JsonResponse } from '../../http/response';
import type { ModelAdmin } from './options';

export const AUTOCOMPLETE_PAGE_SIZE = 20;

type Request = any;
interface SiteLike {
  registry: Map<any, ModelAdmin>;
}

/** Django's process_request: the related admin, the source field and the key the choices are named by. */
function processRequest(site: SiteLike, request: Request): { admin: ModelAdmin; field: any; toField: string } {
  const appLabel = request.GET.get('app_label');
  const modelName = request.GET.get('model_name');
  const fieldName = request.GET.get('field_name');
  if (appLabel === null || modelName === null || fieldName === null) throw new PermissionDenied();
  let source: any;
  try {
    source = apps.getModel(`${appLabel}.${modelName}`);
  } catch {
    throw new PermissionDenied();
  }
  const field = source.fieldsByName.get(String(fieldName)) ?? source.manyToMany.find((m: any) => m.name === fieldName);
  if (!field || !['ForeignKey', 'OneToOneField', 'ManyToManyField'].includes(field.type)) throw new PermissionDenied();
  let remote: any;
  try {
    remote = source.target(field as ForeignKey).model;
  } catch {
    throw new PermissionDenied();
  }
  const admin = site.registry.get(remote);
  if (!admin) throw new PermissionDenied();
  if (!admin.getSearchFields(request).length) throw new Http404(`${admin.constructor.name} must have search_fields for the autocomplete_view.`);
  const toField = (field as ForeignKey).toField ?? remote._meta.pk.name;
  if (!admin.toFieldAllowed(toField)) throw new PermissionDenied();
  return { admin, field, toField };
}

/** The view: GET ?term=&app_label=&model_name=&field_name=&page=. */
export async function autocompleteView(site: SiteLike, request: Request): Promise<JsonResponse> {
  const { admin, field, toField } = processRequest(site, request);
  if (!(await admin.hasViewPermission(request))) throw new PermissionDenied();
  const term = String(request.GET.get('term') ?? '');
  let qs = admin.getQueryset(request);
  const limit = field.getLimitChoicesTo?.() ?? null;
  if (limit) qs = qs.filter(limit);
  qs = admin.getSearchResults(request, qs, term);
  // A stable order for paging (Django warns about an unordered list; the key breaks ties).
  const ordering = admin.ordering ?? admin.opts.ordering ?? [];
  qs = qs.orderBy(...ordering, 'pk');
  const pageParam = String(request.GET.get('page') ?? '1');
  const page = /^\d+$/.test(pageParam) && Number(pageParam) >= 1 ? Number(pageParam) : null;
  if (page === null) throw new Http404('Invalid page.');
  const start = (page - 1) * AUTOCOMPLETE_PAGE_SIZE;
  // One row past the page says whether there is a next page, without a count query.
  const rows: any[] = await qs.slice(start, start + AUTOCOMPLETE_PAGE_SIZE + 1).fetch();
  if (page > 1 && !rows.length) throw new Http404('That page contains no results');
  const results = rows.slice(0, AUTOCOMPLETE_PAGE_SIZE).map((obj) => ({ id: String(toField === 'pk' || toField === admin.opts.pk.name ? obj.pk : obj[toField]), text: String(obj) }));
  return new JsonResponse({ results, pagination: { more: rows.length > AUTOCOMPLETE_PAGE_SIZE } });
}
