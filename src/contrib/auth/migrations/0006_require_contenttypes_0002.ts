// Django's auth.0006_require_contenttypes_0002: no operations; it makes sure
// contenttypes.0002 runs before post-migrate creates content types and permissions.

export default {
  dependencies: [
    ['auth', '0005_alter_user_last_login_null'],
    ['contenttypes', '0002_remove_content_type_name'],
  ],

  operations: [],
};
