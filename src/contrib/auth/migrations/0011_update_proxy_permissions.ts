// Django's auth.0011_update_proxy_permissions. Django moves proxy models'
// permissions to the proxy's own content type here; manouche models have no
// proxies, so there is nothing to move: the migration keeps Django's name,
// place and dependencies (contenttypes.0002) so the history reads the same.

import { migrations } from '../../../db/migrations/dsl';

export default {
  dependencies: [
    ['auth', '0010_alter_group_name_max_length'],
    ['contenttypes', '0002_remove_content_type_name'],
  ],

  operations: [new migrations.RunCode({ code: migrations.RunCode.noop, reverseCode: migrations.RunCode.noop })],
};
