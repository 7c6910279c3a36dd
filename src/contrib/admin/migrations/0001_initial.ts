// Django's admin.0001_initial: LogEntry, its user key to AUTH_USER_MODEL
// (Django's swappable_dependency: read when the migration is loaded).

import { settings } from '../../../conf/settings';
import { migrations, models } from '../../../db/migrations/dsl';

const userModel = () => settings.AUTH_USER_MODEL ?? 'auth.User';

export default {
  initial: true,

  get dependencies() {
    return [
      [userModel().split('.')[0]!, '__first__'],
      ['contenttypes', '__first__'],
    ] as Array<[string, string]>;
  },

  get operations() {
    return [
      new migrations.CreateModel({
        name: 'LogEntry',
        fields: [
          ['id', models.AutoField({ verboseName: 'ID' })],
          ['action_time', models.DateTimeField({ autoNow: true, verboseName: 'action time' })],
          ['user', models.ForeignKey(userModel(), { onDelete: models.CASCADE, verboseName: 'user' })],
          ['content_type', models.ForeignKey('contenttypes.ContentType', { onDelete: models.SET_NULL, blank: true, null: true, verboseName: 'content type' })],
          ['object_id', models.TextField({ null: true, blank: true, verboseName: 'object id' })],
          ['object_repr', models.CharField({ maxLength: 200, verboseName: 'object repr' })],
          ['action_flag', models.PositiveIntegerField({ verboseName: 'action flag' })],
          ['change_message', models.TextField({ blank: true, verboseName: 'change message' })],
        ],
        options: { ordering: ['-action_time'], dbTable: 'django_admin_log', verboseName: 'log entry', verboseNamePlural: 'log entries' },
      }),
    ];
  },
};
