/**
 * `diffsettings`: the settings that differ from the defaults
 * (django/core/management/commands/diffsettings.py), "###" after names
 * that are not defaults at all; `--all` shows every setting; `--default`
 * compares with another settings module; `--output unified` prints a diff.
 */
import { inspect } from 'node:util';
import { changedSettings, globalSettings, settings } from '../../../conf/settings';
import type { ArgumentParser } from '../argparse';
import { BaseCommand, CommandError, type CommandOptions } from '../base';
import { importFile, resolveModuleFile, settingsFromModule } from '../project';

/** A value as diffsettings prints it (Python's repr, the JavaScript way). */
export function settingRepr(value: unknown): string {
  if (Array.isArray(value) && value.some((v) => v && typeof v === 'object' && 'name' in v && 'label' in v)) {
    // app configs print as their names, as Django prints INSTALLED_APPS
    return inspect(value.map((v) => (v && typeof v === 'object' && 'name' in v && 'label' in v ? (v as { name: string }).name : v)), { depth: 4, breakLength: Infinity });
  }
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  return inspect(value, { depth: 4, breakLength: Infinity });
}

export class DiffsettingsCommand extends BaseCommand {
  override requiresDatabases = false;
  override help = 'Displays differences between the current settings and manouche\'s default settings.';

  override addArguments(parser: ArgumentParser): void {
    parser.addArgument('--all', { action: 'store_true', help: 'Display all settings, regardless of their value. In "hash" mode, default values are prefixed by "###".' });
    parser.addArgument('--default', { metavar: 'MODULE', help: "The settings module to compare the current settings against. Leave empty to compare against manouche's default settings." });
    parser.addArgument('--output', { default: 'hash', choices: ['hash', 'unified'], help: "Selects the output format. 'hash' mode displays each changed setting, with the settings that don't appear in the defaults followed by ###. 'unified' mode prefixes the default setting with a minus sign, followed by the changed setting prefixed with a plus sign." });
  }

  override async handle(options: CommandOptions): Promise<string> {
    let defaults: Record<string, unknown> = { ...globalSettings };
    if (options.default) {
      const file = resolveModuleFile(options.default as string, this.context.cwd);
      if (!file) throw new CommandError(`The settings module '${options.default}' given to --default could not be found.`);
      defaults = { ...defaults, ...settingsFromModule(await importFile(file)) };
    }
    const user: Record<string, unknown> = { ...settings };
    // without --default, "changed" is exactly changedSettings()
    const changed = new Set(changedSettings().map(([k]) => k));
    const same = (key: string) => (options.default ? settingRepr(user[key]) === settingRepr(defaults[key]) : !changed.has(key));
    const out: string[] = [];
    for (const key of Object.keys(user).sort()) {
      const value = settingRepr(user[key]);
      if (options.output === 'unified') {
        if (!(key in defaults)) out.push(this.style.SUCCESS!(`+ ${key} = ${value}`));
        else if (!same(key)) {
          out.push(this.style.ERROR!(`- ${key} = ${settingRepr(defaults[key])}`));
          out.push(this.style.SUCCESS!(`+ ${key} = ${value}`));
        } else if (options.all) out.push(`  ${key} = ${value}`);
      } else if (!(key in defaults)) out.push(`${key} = ${value}  ###`);
      else if (!same(key)) out.push(`${key} = ${value}`);
      else if (options.all) out.push(`### ${key} = ${value}`);
    }
    return out.join('\n');
  }
}
