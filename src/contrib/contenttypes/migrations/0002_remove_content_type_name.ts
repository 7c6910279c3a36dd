// Django's contenttypes.0002_remove_content_type_name. Going back, the
// restored `name` column is filled from each row's model (add_legacy_name),
// through the historical models the migration state gives RunCode.

import { migrations, models } from '../../../db/migrations/dsl';
import type { Apps } from '../../../db/migrations/operations/special';

/** Django's add_legacy_name: the model's class name, or the stored model name for a model that is gone. */
async function addLegacyName(apps: Apps): Promise<void> {
  const ContentType = apps.getModel('contenttypes', 'ContentType');
  for (const ct of await ContentType.objects.all()) {
    const model = apps.findModel(ct.app_label, ct.model);
    ct.name = model ? model.name : ct.model;
    await ct.save();
  }
}

export default {
  dependencies: [['contenttypes', '0001_initial']],

  operations: [
    new migrations.AlterModelOptions({ name: 'contenttype', options: { verboseName: 'content type', verboseNamePlural: 'content types' } }),
    new migrations.AlterField({ modelName: 'contenttype', name: 'name', field: models.CharField({ maxLength: 100, null: true }) }),
    new migrations.RunCode({ code: migrations.RunCode.noop, reverseCode: addLegacyName }),
    new migrations.RemoveField({ modelName: 'contenttype', name: 'name' }),
  ],
};
