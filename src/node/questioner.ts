/**
 * makemigrations' interactive questions on a terminal (Django's
 * InteractiveMigrationQuestioner): renames as y/N, one-off defaults typed as
 * JSON values (or `now` for the current date and time).
 */
import { createInterface } from 'node:readline/promises';
import type { Questioner } from '../db/migrations/questioner';

/** The user chose to stop makemigrations. */
export class MigrationsAborted extends Error {
  override name = 'MigrationsAborted';
}

/** Questions on `io` (process.stdin / process.stdout for a CLI); call close() when makemigrations is done. */
export function interactiveQuestioner(io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }): Questioner & { close(): void } {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string> => {
    io.output.write(prompt);
    const next = await lines.next();
    if (next.done) throw new MigrationsAborted('No answer (end of input).');
    return String(next.value).trim();
  };
  const yes = async (prompt: string) => /^y(es)?$/i.test(await ask(`${prompt} [y/N] `));
  const choice = async (options: string[]): Promise<number> => {
    io.output.write(`Please select a fix:\n${options.map((o, i) => ` ${i + 1}) ${o}`).join('\n')}\n`);
    for (;;) {
      const n = Number(await ask('Select an option: '));
      if (Number.isInteger(n) && n >= 1 && n <= options.length) return n;
      io.output.write(`Please select a valid option: 1 to ${options.length}\n`);
    }
  };
  const oneOff = async (): Promise<unknown> => {
    io.output.write('Please enter the default value as a JSON value (a number, "text", true, null...) or now for the current date and time.\n');
    for (;;) {
      const text = await ask('>>> ');
      if (text === 'now') return () => new Date();
      try {
        return JSON.parse(text);
      } catch {
        io.output.write(`${text} is not a JSON value; try again (strings in double quotes).\n`);
      }
    }
  };
  const ONE_OFF = 'Provide a one-off default now (will be set on all existing rows with a null value for this column)';
  return {
    close: () => rl.close(),
    askRenameModel: (oldModel, newModel) => yes(`Was the model ${oldModel.appLabel}.${oldModel.name} renamed to ${newModel.name}?`),
    askRenameField: (model, oldName, newName, field) => yes(`Was ${model}.${oldName} renamed to ${model}.${newName} (a ${field.type})?`),
    async askNotNullAddition(model, field) {
      io.output.write(
        `It is impossible to add a non-nullable field '${field}' to ${model} without specifying a default. This is because the database needs something to populate existing rows.\n`,
      );
      if ((await choice([ONE_OFF, 'Quit and manually define a default value in your models.'])) === 2) throw new MigrationsAborted('Quit: define a default on the field.');
      const v = await oneOff();
      return typeof v === 'function' ? (v as () => unknown)() : v;
    },
    async askNotNullAlteration(model, field) {
      io.output.write(
        `It is impossible to change a nullable field '${field}' on ${model} to non-nullable without providing a default. This is because the database needs something to populate existing rows.\n`,
      );
      const n = await choice([
        ONE_OFF,
        'Ignore for now. Existing rows that contain NULL values will have to be handled manually, for example with a RunCode or RunSQL operation.',
        'Quit and manually define a default value in your models.',
      ]);
      if (n === 3) throw new MigrationsAborted('Quit: define a default on the field.');
      if (n === 2) return undefined;
      const v = await oneOff();
      return typeof v === 'function' ? (v as () => unknown)() : v;
    },
  };
}
