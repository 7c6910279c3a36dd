/**
 * The admin's history (django.contrib.admin.models): LogEntry in Django's
 * table django_admin_log, one row per addition, change or deletion made
 * through the admin, and logAction() that writes it.
 */
import { CASCADE, CharField, DateTimeField, ForeignKey, PositiveIntegerField, SET_NULL, TextField, defineModel } from '../../db/index';
import { ContentType, getForModel } from '../contenttypes/models';
import { getUserModel } from '../auth/models';

export const ADDITION = 1;
export const CHANGE = 2;
export const DELETION = 3;

export const LogEntry = defineModel(
  'admin.LogEntry',
  {
    action_time: DateTimeField({ default: () => new Date(), editable: false, verboseName: 'action time' }),
    user: ForeignKey(() => getUserModel() as any, { onDelete: CASCADE, verboseName: 'user' }),
    content_type: ForeignKey(() => ContentType, { onDelete: SET_NULL, blank: true, null: true, verboseName: 'content type' }),
    object_id: TextField({ null: true, blank: true, verboseName: 'object id' }),
    object_repr: CharField({ maxLength: 200, verboseName: 'object repr' }),
    action_flag: PositiveIntegerField({ choices: [[ADDITION, 'Addition'], [CHANGE, 'Change'], [DELETION, 'Deletion']], verboseName: 'action flag' }),
    change_message: TextField({ blank: true, verboseName: 'change message' }),
  },
  { dbTable: 'django_admin_log', ordering: ['-action_time'], verboseName: 'log entry', verboseNamePlural: 'log entries' },
);

export type LogEntryInstance = InstanceType<typeof LogEntry>;

/** A LogEntry's change_message as Django shows it (the JSON form or the plain text). */
export function changeMessageText(entry: { change_message: string; action_flag: number }): string {
  const raw = entry.change_message;
  if (raw && raw.startsWith('[')) {
    try {
      const parts = JSON.parse(raw) as Array<Record<string, { fields?: string[]; name?: string; object?: string }>>;
      const out: string[] = [];
      for (const sub of parts) {
        if (sub.added) out.push(sub.added.name ? `Added ${sub.added.name} “${sub.added.object}”.` : 'Added.');
        else if (sub.changed) {
          const fields = (sub.changed.fields ?? []).join(', ').replace(/, ([^,]*)$/, ' and $1');
          out.push(sub.changed.name ? `Changed ${fields} for ${sub.changed.name} “${sub.changed.object}”.` : `Changed ${fields}.`);
        } else if (sub.deleted) out.push(`Deleted ${sub.deleted.name} “${sub.deleted.object}”.`);
      }
      return out.join(' ') || 'No fields changed.';
    } catch {
      return raw;
    }
  }
  return raw || (entry.action_flag === CHANGE ? 'No fields changed.' : '');
}

/** Django's LogEntryManager.log_action. */
export async function logAction(user: { pk: unknown }, obj: any, flag: number, message: string | unknown[] = ''): Promise<LogEntryInstance> {
  const ct = await getForModel(obj.constructor);
  return (LogEntry.objects as any).create({
    user_id: user.pk,
    content_type_id: ct.pk,
    object_id: String(obj.pk),
    object_repr: String(obj).slice(0, 200),
    action_flag: flag,
    change_message: typeof message === 'string' ? message : JSON.stringify(message),
  });
}
