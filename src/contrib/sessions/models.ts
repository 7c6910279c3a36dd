/** Django's Session model (table django_session), the database backend's store. */
import { CharField, DateTimeField, TextField, defineModel } from '../../db/index';

export const Session = defineModel(
  'sessions.Session',
  {
    session_key: CharField({ maxLength: 40, primaryKey: true, verboseName: 'session key' }),
    session_data: TextField({ verboseName: 'session data' }),
    expire_date: DateTimeField({ dbIndex: true, verboseName: 'expire date' }),
  },
  { dbTable: 'django_session', verboseName: 'session', verboseNamePlural: 'sessions' },
);
