/**
 * Running the system checks for a command and reporting them as Django's
 * BaseCommand.check() does: issues grouped CRITICALS / ERRORS / WARNINGS /
 * INFOS / DEBUGS, silenced ones counted, a SystemCheckError when any issue
 * reaches the fail level.
 */
import type { AppConfig } from '../../apps/config';
import { CRITICAL, ERROR, INFO, WARNING, type CheckMessage } from '../checks/messages';
import { runChecks } from '../checks/registry';
import { type CommandContext, SystemCheckError } from './base';
import { makeStyle, type Style } from './color';

export interface CheckOptions {
  appConfigs?: readonly AppConfig[] | null;
  tags?: readonly string[] | null;
  displayNumErrors?: boolean;
  includeDeploymentChecks?: boolean;
  failLevel?: number;
  databases?: readonly string[] | null;
}

/** The report text and whether it fails, for the given messages. */
export function formatChecks(all: readonly CheckMessage[], style: Style, displayNumErrors: boolean, failLevel: number): { text: string; failed: boolean; visible: number } {
  const shown = all.filter((e) => !e.isSilenced());
  const groups: Array<[string, CheckMessage[]]> = [
    ['CRITICALS', shown.filter((e) => e.level >= CRITICAL)],
    ['ERRORS', shown.filter((e) => e.level >= ERROR && e.level < CRITICAL)],
    ['WARNINGS', shown.filter((e) => e.level >= WARNING && e.level < ERROR)],
    ['INFOS', shown.filter((e) => e.level >= INFO && e.level < WARNING)],
    ['DEBUGS', shown.filter((e) => e.level < INFO)],
  ];
  let body = '';
  let visible = 0;
  for (const [name, issues] of groups) {
    if (!issues.length) continue;
    visible += issues.length;
    const lines = issues.map((e) => (e.isSerious() ? style.ERROR!(String(e)) : style.WARNING!(String(e)))).sort();
    body += `\n${name}:\n${lines.join('\n')}\n`;
  }
  const header = visible ? 'System check identified some issues:\n' : '';
  let footer = '';
  if (displayNumErrors) {
    if (visible) footer += '\n';
    const count = visible === 0 ? 'no issues' : visible === 1 ? '1 issue' : `${visible} issues`;
    footer += `System check identified ${count} (${all.length - visible} silenced).`;
  }
  const failed = shown.some((e) => e.isSerious(failLevel));
  const text = failed ? style.ERROR!(`SystemCheckError: ${header}`) + body + footer : header + body + footer;
  return { text, failed, visible };
}

/** Runs the checks; writes the report (stderr when there are issues); throws SystemCheckError on failure. */
export async function checkAndReport(context: CommandContext, style: Style, options: CheckOptions = {}): Promise<void> {
  const all = await runChecks({
    appConfigs: options.appConfigs ?? null,
    tags: options.tags ?? null,
    includeDeploymentChecks: options.includeDeploymentChecks ?? false,
    databases: options.databases ?? null,
  });
  const { text, failed, visible } = formatChecks(all, style, options.displayNumErrors ?? false, options.failLevel ?? ERROR);
  if (failed) throw new SystemCheckError(text);
  if (!text) return;
  if (visible) context.stderr.write(`${text}\n`);
  else context.stdout.write(`${text}\n`);
}

/** The checks a command with requiresSystemChecks runs before handle(). */
export function runChecksOrFail(context: CommandContext, colored: boolean): Promise<void> {
  return checkAndReport(context, makeStyle(colored));
}
