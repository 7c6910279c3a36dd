/** contenttypes' migrations in Django's sequence, for defineApp({ migrations }). */
import m0001 from './0001_initial';
import m0002 from './0002_remove_content_type_name';

export const contenttypesMigrations = {
  '0001_initial': m0001,
  '0002_remove_content_type_name': m0002,
};
