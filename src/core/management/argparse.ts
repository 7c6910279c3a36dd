/**
 * A small argparse (what Django's CommandParser builds on): positionals and
 * options declared with addArgument(), parsed from argv, with argparse's
 * usage and help text and its error wording ("unrecognized arguments: ...",
 * "the following arguments are required: ...").
 *
 * @example
 * const p = new ArgumentParser('manouche dumpdata', 'Output the contents of the database.');
 * p.addArgument('app_label', { nargs: '*', metavar: 'app_label[.ModelName]' });
 * p.addArgument('--indent', { type: 'int' });
 * p.parse(['polls', '--indent', '2']); // { app_label: ['polls'], indent: 2 }
 */

export type Nargs = '?' | '*' | '+' | number;

export interface ArgumentSpec {
  /** How the value is stored (argparse's action). */
  action?: 'store' | 'store_true' | 'store_false' | 'append' | 'count' | 'help';
  nargs?: Nargs;
  type?: 'string' | 'int';
  default?: unknown;
  choices?: readonly unknown[];
  help?: string;
  dest?: string;
  metavar?: string;
  required?: boolean;
}

interface Argument extends ArgumentSpec {
  flags: string[];
  dest: string;
  positional: boolean;
}

/** A command line that does not fit the declared arguments (argparse exits with status 2). */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly usage: string) {
    super(message);
  }
}

export class ArgumentParser {
  private readonly args: Argument[] = [];

  constructor(readonly prog: string, readonly description = '', readonly epilog = '') {}

  /** Declares a positional ('name') or an option ('-o', '--output'). */
  addArgument(...input: [string, ...string[]] | [string, ArgumentSpec] | [string, string, ArgumentSpec] | [string, string, string, ArgumentSpec]): this {
    const last = input[input.length - 1];
    const spec: ArgumentSpec = typeof last === 'object' ? last : {};
    const flags = (input as unknown[]).filter((x): x is string => typeof x === 'string');
    const positional = !flags[0]!.startsWith('-');
    const long = flags.find((f) => f.startsWith('--')) ?? flags[0]!;
    const dest = spec.dest ?? long.replace(/^-+/, '').replace(/-/g, '_');
    const clash = this.args.find((a) => a.flags.some((f) => flags.includes(f)));
    if (clash) throw new Error(`argument ${flags.join('/')}: conflicting option string: ${flags.find((f) => clash.flags.includes(f))}`);
    this.args.push({ ...spec, flags, dest, positional });
    return this;
  }

  /** The default of every declared destination. */
  defaults(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const a of this.args) {
      if (a.action === 'help') continue;
      if (a.default !== undefined) out[a.dest] = a.default;
      else if (a.action === 'store_true') out[a.dest] = false;
      else if (a.action === 'store_false') out[a.dest] = true;
      else if (a.action === 'count') out[a.dest] = 0;
      else if (a.positional && (a.nargs === '*' || a.nargs === '+')) out[a.dest] = [];
      else if (a.action === 'append') out[a.dest] = null;
      else out[a.dest] = null;
    }
    return out;
  }

  /** Parses argv; `{ help: true }` when -h/--help was given. */
  parse(argv: readonly string[]): Record<string, unknown> {
    const out = this.defaults();
    const positionals: string[] = [];
    const unknown: string[] = [];
    let i = 0;
    const options = this.args.filter((a) => !a.positional);
    let onlyPositionals = false;
    while (i < argv.length) {
      const token = argv[i++]!;
      if (onlyPositionals || token === '-' || !token.startsWith('-') || /^-\d/.test(token)) {
        positionals.push(token);
        continue;
      }
      if (token === '--') {
        onlyPositionals = true;
        continue;
      }
      let name = token;
      let inline: string | undefined;
      if (token.startsWith('--')) {
        const eq = token.indexOf('=');
        if (eq > 0) {
          name = token.slice(0, eq);
          inline = token.slice(eq + 1);
        }
      } else if (token.length > 2) {
        // -v2, -oFILE
        name = token.slice(0, 2);
        inline = token.slice(2);
      }
      let arg = options.find((a) => a.flags.includes(name));
      if (!arg && name.startsWith('--')) {
        // argparse accepts an unambiguous prefix of a long option
        const matches = options.filter((a) => a.flags.some((f) => f.startsWith('--') && f.startsWith(name)));
        if (matches.length > 1) {
          throw this.error(`ambiguous option: ${name} could match ${matches.flatMap((a) => a.flags.filter((f) => f.startsWith(name))).join(', ')}`);
        }
        arg = matches[0];
      }
      if (!arg) {
        unknown.push(token);
        continue;
      }
      const shown = arg.flags.join('/');
      switch (arg.action ?? 'store') {
        case 'help':
          return { ...out, help: true };
        case 'store_true':
        case 'store_false':
          if (inline !== undefined) throw this.error(`argument ${shown}: ignored explicit argument '${inline}'`);
          out[arg.dest] = arg.action === 'store_true';
          break;
        case 'count':
          out[arg.dest] = (out[arg.dest] as number) + 1;
          break;
        default: {
          const values: string[] = [];
          if (inline !== undefined) values.push(inline);
          const want = arg.nargs ?? 1;
          const many = want === '*' || want === '+';
          while (i < argv.length && (many || values.length < (typeof want === 'number' ? want : 1)) && !(argv[i]!.startsWith('-') && argv[i] !== '-' && !/^-\d/.test(argv[i]!))) {
            values.push(argv[i++]!);
          }
          if (want === '?' && values.length === 0) {
            out[arg.dest] = arg.default ?? null;
            break;
          }
          if (values.length === 0 || (typeof want === 'number' && values.length < want)) {
            throw this.error(`argument ${shown}: expected ${typeof want === 'number' && want > 1 ? `${want} arguments` : want === '+' ? 'at least one argument' : 'one argument'}`);
          }
          const converted = values.map((v) => this.convert(arg!, v));
          const value = many || (typeof want === 'number' && want > 1) ? converted : converted[0];
          if (arg.action === 'append') out[arg.dest] = [...((out[arg.dest] as unknown[] | null) ?? []), ...(Array.isArray(value) ? value : [value])];
          else out[arg.dest] = value;
        }
      }
    }
    // positionals, in declaration order
    const declared = this.args.filter((a) => a.positional);
    const missing: string[] = [];
    for (let k = 0; k < declared.length; k++) {
      const a = declared[k]!;
      const after = declared.slice(k + 1).reduce((n, b) => n + (b.nargs === undefined ? 1 : typeof b.nargs === 'number' ? b.nargs : b.nargs === '+' ? 1 : 0), 0);
      const available = Math.max(0, positionals.length - after);
      const nargs = a.nargs ?? 1;
      if (nargs === '*' || nargs === '+') {
        const taken = positionals.splice(0, available);
        if (nargs === '+' && taken.length === 0) missing.push(a.metavar ?? a.dest);
        out[a.dest] = taken.map((v) => this.convert(a, v));
      } else if (nargs === '?') {
        if (available > 0) out[a.dest] = this.convert(a, positionals.shift()!);
      } else {
        const n = typeof nargs === 'number' ? nargs : 1;
        if (positionals.length < n) {
          missing.push(a.metavar ?? a.dest);
          positionals.splice(0);
          continue;
        }
        const taken = positionals.splice(0, n).map((v) => this.convert(a, v));
        out[a.dest] = n === 1 && a.nargs === undefined ? taken[0] : taken;
      }
    }
    unknown.push(...positionals);
    if (missing.length) throw this.error(`the following arguments are required: ${missing.join(', ')}`);
    for (const a of options) {
      if (a.required && (out[a.dest] === null || out[a.dest] === undefined)) throw this.error(`the following arguments are required: ${a.flags.join('/')}`);
    }
    if (unknown.length) throw this.error(`unrecognized arguments: ${unknown.join(' ')}`);
    return out;
  }

  private convert(arg: Argument, raw: string): unknown {
    const shown = arg.positional ? arg.metavar ?? arg.dest : arg.flags.join('/');
    let value: unknown = raw;
    if (arg.type === 'int') {
      if (!/^[+-]?\d+$/.test(raw.trim())) throw this.error(`argument ${shown}: invalid int value: '${raw}'`);
      value = Number.parseInt(raw, 10);
    }
    if (arg.choices && !arg.choices.includes(value)) {
      throw this.error(`argument ${shown}: invalid choice: ${quote(value)} (choose from ${arg.choices.map(quote).join(', ')})`);
    }
    return value;
  }

  private error(message: string): UsageError {
    return new UsageError(`${this.prog}: error: ${message}`, this.usage());
  }

  private metavar(a: Argument): string {
    if (a.metavar) return a.metavar;
    if (a.choices) return `{${a.choices.join(',')}}`;
    return a.positional ? a.dest : a.dest.toUpperCase();
  }

  private format(a: Argument, flag: string): string {
    if (a.action && a.action !== 'store' && a.action !== 'append') return flag;
    const m = this.metavar(a);
    const nargs = a.nargs ?? 1;
    const value = nargs === '?' ? `[${m}]` : nargs === '*' ? `[${m} ...]` : nargs === '+' ? `${m} [${m} ...]` : Array(nargs).fill(m).join(' ');
    return a.positional ? value : `${flag} ${value}`;
  }

  /** argparse's "usage: prog [-h] ..." line. */
  usage(): string {
    const parts = this.args.map((a) => {
      const text = this.format(a, a.flags[0]!);
      return a.positional || a.required ? text : `[${text}]`;
    });
    const opts = parts.filter((_, k) => !this.args[k]!.positional);
    const pos = parts.filter((_, k) => this.args[k]!.positional);
    return wrapUsage(`usage: ${this.prog}`, [...opts, ...pos]);
  }

  /** The whole --help text. */
  help(): string {
    const lines = [this.usage(), ''];
    if (this.description) lines.push(this.description, '');
    const row = (a: Argument): string[] => {
      const head = a.positional ? this.metavar(a) : a.flags.map((f) => this.format(a, f)).join(', ');
      const text = a.help ?? '';
      if (!text) return [`  ${head}`];
      if (head.length <= 20) return [`  ${head.padEnd(22)}${text}`];
      return [`  ${head}`, `${' '.repeat(24)}${text}`];
    };
    const pos = this.args.filter((a) => a.positional);
    if (pos.length) lines.push('positional arguments:', ...pos.flatMap(row), '');
    const opts = this.args.filter((a) => !a.positional);
    if (opts.length) lines.push('options:', ...opts.flatMap(row), '');
    if (this.epilog) lines.push(this.epilog, '');
    return lines.join('\n').replace(/\n+$/, '\n');
  }
}

function quote(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : String(v);
}

function wrapUsage(head: string, parts: string[]): string {
  const lines: string[] = [];
  let line = head;
  const indent = ' '.repeat(head.length + 1);
  for (const p of parts) {
    if (line.length + 1 + p.length > 80 && line.trim() !== head.trim()) {
      lines.push(line);
      line = indent + p;
    } else line += ` ${p}`;
  }
  lines.push(line);
  return lines.join('\n');
}
