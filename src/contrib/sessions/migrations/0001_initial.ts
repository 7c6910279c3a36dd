// Django's sessions.0001_initial.

import { migrations, models } from '../../../db/migrations/dsl';

export default {
  initial: true,

  dependencies: [],

  operations: [
    new migrations.CreateModel({
      name: 'Session',
      fields: [
        ['session_key', models.CharField({ primaryKey: true, unique: true, verboseName: 'session key', maxLength: 40 })],
        ['session_data', models.TextField({ verboseName: 'session data' })],
        ['expire_date', models.DateTimeField({ dbIndex: true, verboseName: 'expire date' })],
      ],
      options: { dbTable: 'django_session', verboseName: 'session', verboseNamePlural: 'sessions' },
    }),
  ],
};
