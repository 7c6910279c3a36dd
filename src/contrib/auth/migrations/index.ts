/** auth's migrations in Django's sequence, for defineApp({ migrations }). */
import m0001 from './0001_initial';
import m0002 from './0002_alter_permission_name_max_length';
import m0003 from './0003_alter_user_email_max_length';
import m0004 from './0004_alter_user_username_opts';
import m0005 from './0005_alter_user_last_login_null';
import m0006 from './0006_require_contenttypes_0002';
import m0007 from './0007_alter_validators_add_error_messages';
import m0008 from './0008_alter_user_username_max_length';
import m0009 from './0009_alter_user_last_name_max_length';
import m0010 from './0010_alter_group_name_max_length';
import m0011 from './0011_update_proxy_permissions';
import m0012 from './0012_alter_user_first_name_max_length';

export const authMigrations = {
  '0001_initial': m0001,
  '0002_alter_permission_name_max_length': m0002,
  '0003_alter_user_email_max_length': m0003,
  '0004_alter_user_username_opts': m0004,
  '0005_alter_user_last_login_null': m0005,
  '0006_require_contenttypes_0002': m0006,
  '0007_alter_validators_add_error_messages': m0007,
  '0008_alter_user_username_max_length': m0008,
  '0009_alter_user_last_name_max_length': m0009,
  '0010_alter_group_name_max_length': m0010,
  '0011_update_proxy_permissions': m0011,
  '0012_alter_user_first_name_max_length': m0012,
};
