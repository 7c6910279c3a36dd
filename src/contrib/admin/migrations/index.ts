/** admin's migrations in Django's sequence, for defineApp({ migrations }). */
import m0001 from './0001_initial';
import m0002 from './0002_logentry_remove_auto_add';
import m0003 from './0003_logentry_add_action_flag_choices';

export const adminMigrations = {
  '0001_initial': m0001,
  '0002_logentry_remove_auto_add': m0002,
  '0003_logentry_add_action_flag_choices': m0003,
};
