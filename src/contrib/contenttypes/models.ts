/**
 * Django's contenttypes: one row per installed model (app_label, model),
 * the target of Permission.content_type. getForModel() caches per database,
 * as ContentTypeManager does.
 *
 * @example
 * const ct = await getForModel(Question);   // creates the row on first use
 * ct.app_label; ct.model;                    // 'polls', 'question'
 */
import { CharField, defineModel } from '../../db/index';
import { registry, type Options } from '../../db/models/options';
import { LookupError } from '../../core/exceptions';
import { postMigrate } from '../../db/migrations/hooks';

export const ContentType = defineModel(
  'contenttypes.ContentType',
  {
    app_label: CharField({ maxLength: 100 }),
    model: CharField({ maxLength: 100, verboseName: 'python model class name' }),
  },
  { dbTable: 'django_content_type', uniqueTogether: [['app_label', 'model']], verboseName: 'content type', verboseNamePlural: 'content types' },
);

export type ContentTypeInstance = InstanceType<typeof ContentType>;

// Django's natural key: (app_label, model), for dumpdata --natural-foreign / --natural-primary and loaddata.
(ContentType.prototype as any).naturalKey = function (this: { app_label: string; model: string }) {
  return [this.app_label, this.model];
};
Object.assign(ContentType.objects, {
  getByNaturalKey(this: typeof ContentType.objects, appLabel: string, model: string) {
    return this.get({ app_label: appLabel, model });
  },
});

// database alias → (app_label.model → row) and (id → row)
const byKey = new Map<string, Map<string, ContentTypeInstance>>();
const byId = new Map<string, Map<number, ContentTypeInstance>>();

function remember(using: string, ct: ContentTypeInstance): void {
  if (!byKey.has(using)) byKey.set(using, new Map());
  if (!byId.has(using)) byId.set(using, new Map());
  byKey.get(using)!.set(`${ct.app_label}.${ct.model}`, ct);
  byId.get(using)!.set(ct.id, ct);
}

function optsOf(model: { _meta: Options } | Options): Options {
  return 'label' in model && 'fieldsByName' in model ? (model as Options) : (model as { _meta: Options })._meta;
}

/** The ContentType of a model class (or instance), created when missing (Django's get_for_model). */
export async function getForModel(model: { _meta: Options } | Options | { constructor: { _meta: Options } }, options: { using?: string } = {}): Promise<ContentTypeInstance> {
  const using = options.using ?? 'default';
  const opts = '_meta' in model || 'fieldsByName' in model ? optsOf(model as { _meta: Options }) : (model as { constructor: { _meta: Options } }).constructor._meta;
  const key = `${opts.appLabel}.${opts.modelName}`;
  const hit = byKey.get(using)?.get(key);
  if (hit) return hit;
  const [ct] = await ContentType.objects.using(using).getOrCreate({ app_label: opts.appLabel, model: opts.modelName });
  remember(using, ct);
  return ct;
}

/** ContentTypes for several models at once: model label → row. */
export async function getForModels(models: ReadonlyArray<{ _meta: Options }>, options: { using?: string } = {}): Promise<Map<string, ContentTypeInstance>> {
  const out = new Map<string, ContentTypeInstance>();
  for (const m of models) out.set(m._meta.label, await getForModel(m, options));
  return out;
}

/** A ContentType by id, cached (Django's get_for_id). */
export async function getForId(id: number, options: { using?: string } = {}): Promise<ContentTypeInstance> {
  const using = options.using ?? 'default';
  const hit = byId.get(using)?.get(id);
  if (hit) return hit;
  const ct = await ContentType.objects.using(using).get({ pk: id });
  remember(using, ct);
  return ct;
}

/** Forgets the cached rows (Django's ContentType.objects.clear_cache(); tests and after flush). */
export function clearContentTypeCache(): void {
  byKey.clear();
  byId.clear();
}

// Django's create_contenttypes (a post_migrate receiver) starts with clear_cache(): a migrate that
// dropped or re-created django_content_type, or a flush (which sends post_migrate), leaves no row
// cached whose id may now name nothing or another model. Connected here, where auth's models import
// this module, so it runs before auth's create_permissions receiver reads the cache.
postMigrate.connect(() => clearContentTypeCache());

/** The model class a ContentType row names (Django's model_class()), or null when it is not defined. */
export function modelClass(ct: { app_label: string; model: string }): any {
  for (const o of registry.values()) if (o.appLabel === ct.app_label && o.modelName === ct.model) return o.model;
  return null;
}

/** The verbose name of the row's model, or the model name (Django's ContentType.name). */
export function contentTypeName(ct: { app_label: string; model: string }): string {
  const m = modelClass(ct);
  return m ? (m._meta as Options).verboseName : ct.model;
}

/** Django's get_object_for_this_type. */
export async function getObjectForThisType(ct: { app_label: string; model: string }, lookup: Record<string, unknown>): Promise<any> {
  const m = modelClass(ct);
  if (!m) throw new LookupError(`App '${ct.app_label}' doesn't have a '${ct.model}' model.`);
  return m.objects.get(lookup);
}

ContentType.prototype.toString = function (this: ContentTypeInstance) {
  // Django's app_labeled_name: '<app verbose name> | <model verbose name>'
  const m = modelClass(this);
  return m ? `${this.app_label} | ${(m._meta as Options).verboseName}` : this.model;
};
