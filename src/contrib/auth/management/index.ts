/**
 * What Django runs after migrate (post_migrate): a ContentType per model and
 * the four default permissions per model (add, change, delete, view), named
 * 'Can add <verbose name>'. Idempotent: only missing rows are created.
 */
import { apps } from '../../../apps/registry';
import { registry, type Options } from '../../../db/models/options';
import { ContentType } from '../../contenttypes/models';
import { getForModel } from '../../contenttypes/models';
import { Permission, User, getUserModel } from '../models';
import { ValidationError } from '../../../core/exceptions';

export const DEFAULT_PERMISSIONS = ['add', 'change', 'delete', 'view'] as const;

/** Django's get_permission_codename: '<action>_<model name>'. */
export function getPermissionCodename(action: string, opts: Options): string {
  return `${action}_${opts.modelName}`;
}

/** The (codename, name) pairs of a model's default permissions. */
export function builtinPermissions(opts: Options): Array<[string, string]> {
  return DEFAULT_PERMISSIONS.map((action) => [getPermissionCodename(action, opts), `Can ${action} ${opts.verboseName}`]);
}

/** The installed apps' models once setup() ran (Django's behaviour), else every defined model. */
function modelsOf(appLabel?: string): Options[] {
  const installed = apps.ready ? apps.getAppConfigs() : [];
  if (installed.length && (appLabel === undefined || installed.some((a) => a.label === appLabel))) return apps.getModels(appLabel);
  return [...registry.values()].filter((o) => !o.autoCreated && (appLabel === undefined || o.appLabel === appLabel));
}

/** Creates the ContentType rows of every model (of one app) that lacks one (Django's create_contenttypes). */
export async function createContentTypes(options: { appLabel?: string; using?: string } = {}): Promise<number> {
  const using = options.using ?? 'default';
  let created = 0;
  for (const opts of modelsOf(options.appLabel)) {
    const [, made] = await ContentType.objects.using(using).getOrCreate({ app_label: opts.appLabel, model: opts.modelName });
    if (made) created++;
  }
  return created;
}

/**
 * Creates the missing default permissions of every installed model (or one
 * app's), with their content types (Django's create_permissions). Returns
 * how many permissions were created.
 */
export async function createPermissions(options: { appLabel?: string; using?: string } = {}): Promise<number> {
  const using = options.using ?? 'default';
  const wanted: Array<{ ct: { id: number }; codename: string; name: string }> = [];
  const ctIds: number[] = [];
  for (const opts of modelsOf(options.appLabel)) {
    const ct = await getForModel(opts, { using });
    ctIds.push(ct.id);
    for (const [codename, name] of builtinPermissions(opts)) wanted.push({ ct, codename, name });
  }
  if (!wanted.length) return 0;
  const existing = new Set(
    ((await Permission.objects.using(using).filter({ content_type__in: ctIds }).valuesList('content_type', 'codename')) as Array<[number, string]>).map(
      ([ct, code]) => `${ct}:${code}`,
    ),
  );
  const missing = wanted.filter((w) => !existing.has(`${w.ct.id}:${w.codename}`));
  if (missing.length) {
    await Permission.objects.using(using).bulkCreate(missing.map((w) => new Permission({ name: w.name, content_type_id: w.ct.id, codename: w.codename })));
  }
  return missing.length;
}

/**
 * The login name of the user running the command (Python's getpass.getuser():
 * LOGNAME, USER, LNAME, USERNAME), or '' when none is set.
 */
export function getSystemUsername(env: Record<string, string | undefined>): string {
  for (const name of ['LOGNAME', 'USER', 'LNAME', 'USERNAME']) if (env[name]) return env[name]!;
  return '';
}

/**
 * createsuperuser's default username (Django's get_default_username): the
 * system user name reduced to ASCII, without spaces, lower-cased, when the
 * username field accepts it and (with `checkDb`) no user has it yet; '' when
 * the user model is swapped.
 */
export async function getDefaultUsername(env: Record<string, string | undefined>, options: { checkDb?: boolean; database?: string } = {}): Promise<string> {
  if (getUserModel() !== User) return '';
  const name = getSystemUsername(env).normalize('NFKD').replace(/[^\x00-\x7f]/g, '').replace(/ /g, '').toLowerCase();
  try {
    (User._meta.getField('username') as any).runValidators(name);
  } catch (e) {
    if (e instanceof ValidationError) return '';
    throw e;
  }
  if ((options.checkDb ?? true) && name && (await User.objects.using(options.database ?? 'default').filter({ username: name }).exists())) return '';
  return name;
}
