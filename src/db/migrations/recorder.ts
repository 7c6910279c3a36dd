/**
 * The migration history (django.db.migrations.recorder): the
 * `django_migrations` table (id, app, name, applied), created on first use.
 */
import type { Backend } from '../backends/base';
import { createTableStatements } from '../backends/ddl';
import { tableNames } from '../backends/introspection';
import { AutoField, CharField, DateTimeField } from '../models/fields';
import { ModelState, ProjectState } from './state';

export const HISTORY_TABLE = 'django_migrations';

const historyModel = () =>
  new ModelState(
    'migrations',
    'Migration',
    [
      ['id', new AutoField({ verboseName: 'ID' })],
      ['app', new CharField({ maxLength: 255 })],
      ['name', new CharField({ maxLength: 255 })],
      ['applied', new DateTimeField()],
    ],
    { dbTable: HISTORY_TABLE },
  );

export class MigrationRecorder {
  constructor(readonly backend: Backend) {}

  async hasTable(): Promise<boolean> {
    return (await tableNames(this.backend)).includes(HISTORY_TABLE);
  }

  /** Creates the history table when it is missing. */
  async ensureSchema(): Promise<void> {
    if (await this.hasTable()) return;
    const model = historyModel();
    for (const sql of createTableStatements(new ProjectState([model]).table(model), this.backend.dialect)) await this.backend.executeScript(sql);
  }

  /** Applied migrations, 'app.name' -> when. */
  async applied(): Promise<Map<string, Date | string>> {
    const out = new Map<string, Date | string>();
    if (!(await this.hasTable())) return out;
    for (const [app, name, when] of await this.backend.query(`SELECT "app", "name", "applied" FROM "${HISTORY_TABLE}" ORDER BY "id"`, [])) {
      out.set(`${app}.${name}`, when as Date | string);
    }
    return out;
  }

  async recordApplied(app: string, name: string): Promise<void> {
    await this.ensureSchema();
    const when = new DateTimeField().toDb(new Date(), this.backend.dialect);
    const sql = this.backend.dialect === 1 ? `INSERT INTO "${HISTORY_TABLE}" ("app", "name", "applied") VALUES ($1, $2, $3)` : `INSERT INTO "${HISTORY_TABLE}" ("app", "name", "applied") VALUES (?, ?, ?)`;
    await this.backend.run(sql, [app, name, when]);
  }

  async recordUnapplied(app: string, name: string): Promise<void> {
    await this.ensureSchema();
    const sql = this.backend.dialect === 1 ? `DELETE FROM "${HISTORY_TABLE}" WHERE "app" = $1 AND "name" = $2` : `DELETE FROM "${HISTORY_TABLE}" WHERE "app" = ? AND "name" = ?`;
    await this.backend.run(sql, [app, name]);
  }
}
