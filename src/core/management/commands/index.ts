/**
 * The core commands, by name: one module each, added here as one line; apps
 * add theirs through `defineApp({ commands })`.
 */
import type { CommandClass } from '../base';
import { BuildCommand } from './build';
import { CheckCommand } from './check';
import { CollectstaticCommand } from './collectstatic';
import { CreatecachetableCommand } from './createcachetable';
import { DbshellCommand } from './dbshell';
import { DiffsettingsCommand } from './diffsettings';
import { DumpdataCommand } from './dumpdata';
import { FindstaticCommand } from './findstatic';
import { FlushCommand } from './flush';
import { InspectdbCommand } from './inspectdb';
import { LoaddataCommand } from './loaddata';
import { MakemigrationsCommand } from './makemigrations';
import { MigrateCommand } from './migrate';
import { RunserverCommand } from './runserver';
import { ShellCommand } from './shell';
import { ShowmigrationsCommand } from './showmigrations';
import { SqlmigrateCommand } from './sqlmigrate';
import { SquashmigrationsCommand } from './squashmigrations';
import { StartappCommand } from './startapp';
import { StartprojectCommand } from './startproject';

export const coreCommands: Record<string, CommandClass> = {
  build: BuildCommand,
  check: CheckCommand,
  collectstatic: CollectstaticCommand,
  createcachetable: CreatecachetableCommand,
  dbshell: DbshellCommand,
  diffsettings: DiffsettingsCommand,
  dumpdata: DumpdataCommand,
  findstatic: FindstaticCommand,
  flush: FlushCommand,
  inspectdb: InspectdbCommand,
  loaddata: LoaddataCommand,
  makemigrations: MakemigrationsCommand,
  migrate: MigrateCommand,
  runserver: RunserverCommand,
  shell: ShellCommand,
  showmigrations: ShowmigrationsCommand,
  sqlmigrate: SqlmigrateCommand,
  squashmigrations: SquashmigrationsCommand,
  startapp: StartappCommand,
  startproject: StartprojectCommand,
};
