/**
 * Runs the REAL built binary (dist/cli.js, `npm run build` first) in a
 * temporary project directory whose node_modules/manouche links to this
 * checkout, so project files import the same built package the binary runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(ROOT, 'dist/cli.js');

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests.`);

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh directory with node_modules/manouche -> this checkout, and the given files. */
export function tempProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'manouche-cli-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules/manouche'), 'dir');
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** `manouche <args>` in `cwd`; stdin is `input` (closed at once when absent). */
export function manouche(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined>; input?: string; timeout?: number }): Result {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env.MANOUCHE_SETTINGS_MODULE;
  delete env.FORCE_COLOR; // uvu sets it; console.log would colour numbers
  if (options.env && 'MANOUCHE_SETTINGS_MODULE' in options.env) env.MANOUCHE_SETTINGS_MODULE = options.env.MANOUCHE_SETTINGS_MODULE;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: env as NodeJS.ProcessEnv,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A project with the polls app (models across every field kind) and its settings, on a sql.js file. */
export const pollsFiles: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'site', private: true, type: 'module', manouche: { settings: './site/settings.ts' } }),
  'site/settings.ts': `
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const BASE_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const SECRET_KEY = 'manouche-insecure-test';
export const DEBUG = true;
export const INSTALLED_APPS = ['polls'];
export const DATABASES = { default: { ENGINE: 'manouche.db.backends.sqljs', NAME: join(BASE_DIR, 'db.sqlite3') } };
export const TIME_ZONE = 'UTC';
`,
  'polls/apps.ts': `
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineApp } from 'manouche';
import { BaseCommand, CommandError } from 'manouche/node';

class Closepoll extends BaseCommand {
  override help = 'Closes the specified poll for voting';
  override addArguments(parser: any) {
    parser.addArgument('poll_ids', { nargs: '+', type: 'int' });
  }
  override async handle(options: any) {
    const { Question } = await import('./models');
    for (const id of options.poll_ids) {
      const q = await Question.objects.filter({ id }).first();
      if (!q) throw new CommandError(\`Poll "\${id}" does not exist\`);
      this.stdout.write(this.style.SUCCESS(\`Successfully closed poll "\${id}"\`));
    }
  }
}

export default defineApp({ name: 'polls', path: dirname(fileURLToPath(import.meta.url)), commands: { closepoll: Closepoll } });
`,
  'polls/models.ts': `
import { BooleanField, CASCADE, CharField, DateField, DateTimeField, DecimalField, DurationField, ForeignKey, IntegerField, JSONField, ManyToManyField, UUIDField, defineModel } from 'manouche';

export const Author = defineModel('polls.Author', {
  first_name: CharField({ maxLength: 50 }),
  last_name: CharField({ maxLength: 50 }),
}, { uniqueTogether: [['first_name', 'last_name']] });
(Author.prototype as any).naturalKey = function (this: any) { return [this.first_name, this.last_name]; };
(Author.objects as any).getByNaturalKey = (first: string, last: string) => Author.objects.get({ first_name: first, last_name: last });

export const Tag = defineModel('polls.Tag', { name: CharField({ maxLength: 20, unique: true }) });

export const Question = defineModel('polls.Question', {
  question_text: CharField({ maxLength: 200 }),
  pub_date: DateTimeField(),
  closes: DateField({ null: true }),
  price: DecimalField({ maxDigits: 6, decimalPlaces: 2, default: '0.00' }),
  duration: DurationField({ null: true }),
  ref: UUIDField({ null: true }),
  extra: JSONField({ null: true }),
  open: BooleanField({ default: true }),
  author: ForeignKey(() => Author, { onDelete: CASCADE, null: true }),
  tags: ManyToManyField(() => Tag),
}, { ordering: ['-pub_date'] });

export const Choice = defineModel('polls.Choice', {
  question: ForeignKey(() => Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choice_text: CharField({ maxLength: 200 }),
  votes: IntegerField({ default: 0 }),
});
`,
};

/** Shell code creating the polls tables (no migrations in this branch). */
export const CREATE_TABLES = 'await manouche.createTables(manouche.connection(), [Author, Tag, Question, Choice]);';
