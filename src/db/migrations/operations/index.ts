export { Operation } from './base';
export { CreateModel, DeleteModel, RenameModel, AlterModelOptions, AlterModelTable, AlterUniqueTogether, AddIndex, RemoveIndex, AddConstraint, RemoveConstraint } from './models';
export { AddField, RemoveField, AlterField, RenameField } from './fields';
export { RunSQL, RunCode, type Apps, type MigrationCode } from './special';
