/**
 * The `{% if %}` expression parser (django.template.smartif): a Pratt parser
 * with Django's operators and binding powers
 *   or 6, and 7, not 8, in / not in 9, is / is not / == / != / < / > / <= / >= 10.
 * A condition evaluates to a value (Python's `or` returns an operand); an
 * operator whose evaluation throws is false, as in Django.
 */
import { TemplateSyntaxError } from './errors';
import type { FilterExpression } from './base';
import type { Context } from './context';
import type { CodeGen } from './codegen';
import { pyCompare, pyEq, pyIn, pyIs, truthy } from './runtime';

export interface Condition {
  eval(ctx: Context): unknown;
  /** JavaScript for the condition's value. */
  compile(cg: CodeGen): string;
  /** JavaScript for a value only tested with R.truthy (a miss may stay MISSING). */
  compileTruth?(cg: CodeGen): string;
  expressions(): FilterExpression[];
}

class Literal implements Condition {
  lbp = 0;
  constructor(
    readonly expr: FilterExpression,
    readonly text: string,
  ) {}
  eval(ctx: Context): unknown {
    return this.expr.resolve(ctx, true);
  }
  compile(cg: CodeGen): string {
    return cg.value(this.expr, true);
  }
  compileTruth(cg: CodeGen): string {
    return cg.value(this.expr, 'truth');
  }
  expressions(): FilterExpression[] {
    return [this.expr];
  }
}

type Op = { id: string; lbp: number; prefix?: boolean };

const OPS: Record<string, Op> = {
  or: { id: 'or', lbp: 6 },
  and: { id: 'and', lbp: 7 },
  not: { id: 'not', lbp: 8, prefix: true },
  in: { id: 'in', lbp: 9 },
  'not in': { id: 'not in', lbp: 9 },
  is: { id: 'is', lbp: 10 },
  'is not': { id: 'is not', lbp: 10 },
  '==': { id: '==', lbp: 10 },
  '!=': { id: '!=', lbp: 10 },
  '>': { id: '>', lbp: 10 },
  '>=': { id: '>=', lbp: 10 },
  '<': { id: '<', lbp: 10 },
  '<=': { id: '<=', lbp: 10 },
};

class Operation implements Condition {
  constructor(
    readonly op: string,
    readonly first: Condition,
    readonly second?: Condition,
  ) {}
  eval(ctx: Context): unknown {
    try {
      const x = this.first;
      const y = this.second!;
      switch (this.op) {
        case 'or': {
          const a = x.eval(ctx);
          return truthy(a) ? a : y.eval(ctx);
        }
        case 'and': {
          const a = x.eval(ctx);
          return truthy(a) ? y.eval(ctx) : a;
        }
        case 'not':
          return !truthy(x.eval(ctx));
        case 'in':
          return pyIn(x.eval(ctx), y.eval(ctx));
        case 'not in':
          return !pyIn(x.eval(ctx), y.eval(ctx));
        case 'is':
          return pyIs(x.eval(ctx), y.eval(ctx));
        case 'is not':
          return !pyIs(x.eval(ctx), y.eval(ctx));
        case '==':
          return pyEq(x.eval(ctx), y.eval(ctx));
        case '!=':
          return !pyEq(x.eval(ctx), y.eval(ctx));
        default:
          return pyCompare(x.eval(ctx), y.eval(ctx), this.op);
      }
    } catch {
      return false;
    }
  }
  compile(cg: CodeGen): string {
    return `${cg.guarded ? 'R.guardAny' : 'R.guard'}(() => ${this.compileBare(cg)})`;
  }

  private compileBare(cg: CodeGen): string {
    if (this.op === 'not') return `!R.truthy(${truth(this.first, cg)})`;
    const a = this.first.compile(cg);
    const b = this.second!.compile(cg);
    switch (this.op) {
      case 'or': {
        const t = cg.temp();
        return `(R.truthy(${t} = ${a}) ? ${t} : ${b})`;
      }
      case 'and': {
        const t = cg.temp();
        return `(R.truthy(${t} = ${a}) ? ${b} : ${t})`;
      }
      case 'in':
        return `R.pyIn(${a}, ${b})`;
      case 'not in':
        return `!R.pyIn(${a}, ${b})`;
      case 'is':
        return `R.pyIs(${a}, ${b})`;
      case 'is not':
        return `!R.pyIs(${a}, ${b})`;
      case '==':
        return `R.pyEq(${a}, ${b})`;
      case '!=':
        return `!R.pyEq(${a}, ${b})`;
      default:
        return `R.pyCompare(${a}, ${b}, ${JSON.stringify(this.op)})`;
    }
  }
  expressions(): FilterExpression[] {
    return [...this.first.expressions(), ...(this.second ? this.second.expressions() : [])];
  }
}

type Tok = { op: Op } | { lit: Literal; text: string } | null;

/**
 * Parses the bits of an `{% if %}` tag (after the tag name) into a Condition.
 * `compile` turns a bit into a FilterExpression.
 */
export function parseCondition(bits: readonly string[], compile: (i: number) => FilterExpression): Condition {
  // `{% if x %}`, the usual case: the IfParser would return the one literal.
  if (bits.length === 1 && !Object.prototype.hasOwnProperty.call(OPS, bits[0])) return new Literal(compile(0), bits[0]);
  const tokens: Tok[] = [];
  for (let i = 0; i < bits.length; i++) {
    let t = bits[i];
    let src = i;
    if (t === 'is' && bits[i + 1] === 'not') {
      t = 'is not';
      i++;
    } else if (t === 'not' && bits[i + 1] === 'in') {
      t = 'not in';
      i++;
    }
    const op = Object.prototype.hasOwnProperty.call(OPS, t) ? OPS[t] : undefined;
    tokens.push(op ? { op } : { lit: new Literal(compile(src), t), text: t });
    src = i;
  }
  return new IfParser(tokens).parse();
}

function lbp(t: Tok): number {
  return t === null ? 0 : 'op' in t ? t.op.lbp : 0;
}

function display(t: Tok): string {
  return t === null ? 'end' : 'op' in t ? t.op.id : t.text;
}

/** Django's IfParser: top-down operator precedence over the mapped tokens. */
class IfParser {
  private pos = 0;
  private current: Tok;
  constructor(private readonly tokens: Tok[]) {
    this.current = this.next();
  }

  private next(): Tok {
    return this.pos < this.tokens.length ? this.tokens[this.pos++] : null;
  }

  parse(): Condition {
    const result = this.expression(0);
    if (this.current !== null) throw new TemplateSyntaxError(`Unused '${display(this.current)}' at end of if expression.`);
    return result;
  }

  private expression(rbp: number): Condition {
    const t = this.current;
    this.current = this.next();
    let left: Condition;
    if (t === null) throw new TemplateSyntaxError('Unexpected end of expression in if tag.');
    if ('lit' in t) left = t.lit;
    else if (t.op.prefix) left = new Operation(t.op.id, this.expression(t.op.lbp));
    else throw new TemplateSyntaxError(`Not expecting '${t.op.id}' in this position in if tag.`);
    while (rbp < lbp(this.current)) {
      const o = this.current as { op: Op };
      this.current = this.next();
      if (o.op.prefix) throw new TemplateSyntaxError(`Not expecting '${o.op.id}' as infix operator in if tag.`);
      left = new Operation(o.op.id, left, this.expression(o.op.lbp));
    }
    return left;
  }
}

/** JavaScript for a condition whose value only R.truthy reads. */
export function truth(c: Condition, cg: CodeGen): string {
  return c.compileTruth ? c.compileTruth(cg) : c.compile(cg);
}
