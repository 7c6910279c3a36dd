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

/**
 * Prompts on a terminal or a pipe (the CLI's `stdin`): one reader for the
 * whole command, so lines piped ahead of their prompt are kept for the next
 * question. readHidden() reads without echo on a TTY (raw mode, as Python's
 * getpass); on a pipe it reads a plain line. Ctrl-C or Ctrl-D in a hidden
 * prompt, and the end of input, answer null.
 */
export function terminalReader(input: NodeJS.ReadStream | NodeJS.ReadableStream, output: NodeJS.WritableStream) {
  let buffer = '';
  let ended = false;
  let waiter: (() => void) | null = null;
  const onData = (chunk: Buffer | string) => {
    buffer += String(chunk);
    waiter?.();
  };
  const onEnd = () => {
    ended = true;
    waiter?.();
  };
  const attach = () => {
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  };
  const detach = () => {
    input.off('data', onData);
    input.off('end', onEnd);
    input.pause(); // a paused stdin lets the process exit
  };
  /** Waits until `take` finds an answer in the buffer (or the input ends). */
  const read = (take: () => string | null | undefined): Promise<string | null> =>
    new Promise((resolve) => {
      const attempt = () => {
        const answer = take();
        if (answer !== undefined || ended) {
          waiter = null;
          detach();
          resolve(answer === undefined ? null : answer);
        }
      };
      waiter = attempt;
      attach();
      attempt();
    });
  const line = () => {
    const nl = buffer.indexOf('\n');
    if (nl < 0) return ended && buffer ? takeAll() : undefined;
    const text = buffer.slice(0, nl).replace(/\r$/, '');
    buffer = buffer.slice(nl + 1);
    return text;
  };
  const takeAll = () => {
    const text = buffer;
    buffer = '';
    return text;
  };
  const tty = input as NodeJS.ReadStream;
  return {
    isTTY: tty.isTTY === true,
    readLine(prompt: string): Promise<string | null> {
      output.write(prompt);
      return read(line);
    },
    async readHidden(prompt: string): Promise<string | null> {
      output.write(prompt);
      if (!tty.isTTY || typeof tty.setRawMode !== 'function') return read(line);
      tty.setRawMode(true);
      let typed = '';
      try {
        return await read(() => {
          // raw mode delivers keys one by one: Enter ends, Backspace erases, Ctrl-C / Ctrl-D cancel
          while (buffer) {
            const ch = buffer[0]!;
            buffer = buffer.slice(1);
            if (ch === '\r' || ch === '\n') return typed;
            if (ch === '\u0003' || ch === '\u0004') return null;
            if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
            else typed += ch;
          }
          return undefined;
        });
      } finally {
        tty.setRawMode(false);
        output.write('\n');
      }
    },
  };
}
