// The --database option of the commands that touch a database.
import { settings } from '../../conf/settings';
import { connections } from '../../db/connection';
import { CommandError } from './base';

/** Refuses an alias that neither DATABASES nor an opened connection knows, in Django's words. */
export function checkConnection(alias: string): void {
  if (!(alias in (settings.DATABASES ?? {})) && !connections.has(alias)) throw new CommandError(`The connection '${alias}' doesn't exist.`);
}
