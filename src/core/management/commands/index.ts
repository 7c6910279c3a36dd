/**
 * The core commands, by name: one module each. A command arriving with its
 * engine (runserver, makemigrations, migrate, sqlmigrate, showmigrations,
 * collectstatic) is added here as one line; apps add theirs through
 * `defineApp({ commands })`.
 */
import type { CommandClass } from '../base';
import { CheckCommand } from './check';
import { DbshellCommand } from './dbshell';
import { DiffsettingsCommand } from './diffsettings';
import { DumpdataCommand } from './dumpdata';
import { FlushCommand } from './flush';
import { InspectdbCommand } from './inspectdb';
import { LoaddataCommand } from './loaddata';
import { ShellCommand } from './shell';
import { StartappCommand } from './startapp';
import { StartprojectCommand } from './startproject';

export const coreCommands: Record<string, CommandClass> = {
  check: CheckCommand,
  dbshell: DbshellCommand,
  diffsettings: DiffsettingsCommand,
  dumpdata: DumpdataCommand,
  flush: FlushCommand,
  inspectdb: InspectdbCommand,
  loaddata: LoaddataCommand,
  shell: ShellCommand,
  startapp: StartappCommand,
  startproject: StartprojectCommand,
};
