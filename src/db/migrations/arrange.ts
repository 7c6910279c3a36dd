/**
 * Django's _build_migration_list: the autodetector's operations per app cut
 * into migrations whose dependencies form no cycle. An operation waits until
 * every model it points to that this run creates in another app has been
 * placed in a migration; each pass closes one migration per app with the
 * operations that can go. Two apps whose new models point to each other get
 * app A 0001 (without the key), app B 0001, then app A 0002 (the key), as
 * Django writes them. Each migration then goes through the optimizer.
 */
import type { Operation } from './operations/base';
import { CreateModel } from './operations/models';
import { optimize } from './optimizer';

export interface ArrangedMigration {
  app: string;
  /** Position among this app's new migrations (0, 1, ...). */
  index: number;
  operations: Operation[];
  /** Other apps' new migrations it needs, as [app, index]. */
  needs: Array<readonly [string, number]>;
  /** Other apps (with no new migration to point to) whose latest migration it needs. */
  needsApps: Set<string>;
}

export function arrangeMigrations(operations: ReadonlyMap<string, readonly Operation[]>, dependsOn: ReadonlyMap<string, ReadonlySet<string>>): ArrangedMigration[] {
  const created = new Map<string, string>(); // model key -> app creating it in this run
  for (const [app, ops] of operations) for (const op of ops) if (op instanceof CreateModel) created.set(`${app}.${op.name.toLowerCase()}`, app);
  const placed = new Map<string, readonly [string, number]>(); // model key -> the migration creating it
  const pending = new Map([...operations].map(([app, ops]) => [app, [...ops]]));
  const count = new Map<string, number>();
  const out: ArrangedMigration[] = [];
  const foreign = (app: string, op: Operation) => op.references(app).filter((k) => !k.startsWith(`${app}.`) && created.has(k));
  const apps = [...operations.keys()].sort();
  // an app given no operations (makemigrations --empty) still gets its one migration
  for (const app of apps) {
    if (operations.get(app)!.length) continue;
    count.set(app, 1);
    out.push({ app, index: 0, operations: [], needs: [], needsApps: new Set() });
  }
  while ([...pending.values()].some((ops) => ops.length)) {
    let progressed = false;
    for (const app of apps) {
      const queue = pending.get(app)!;
      let n = 0;
      while (n < queue.length && foreign(app, queue[n]!).every((k) => placed.has(k))) n++;
      if (n > 0) progressed = true;
      // nothing can move anywhere: the rest of the first waiting app goes (its references then fail loudly at migrate)
      else if (!progressed && app === apps.filter((a) => pending.get(a)!.length).at(-1)) n = queue.length;
      if (n === 0) continue;
      const ops = queue.splice(0, n);
      const index = count.get(app) ?? 0;
      count.set(app, index + 1);
      const needs = new Map<string, readonly [string, number]>();
      for (const op of ops) for (const k of foreign(app, op)) if (placed.has(k)) needs.set(placed.get(k)!.join('.'), placed.get(k)!);
      for (const op of ops) if (op instanceof CreateModel) placed.set(`${app}.${op.name.toLowerCase()}`, [app, index]);
      out.push({ app, index, operations: optimize(ops, app), needs: [...needs.values()], needsApps: new Set() });
    }
  }
  // app-level needs (a deleted model's referrers, existing models) go on each app's last migration
  for (const [app, others] of dependsOn) {
    const mine = out.filter((m) => m.app === app);
    const last = mine[mine.length - 1];
    if (!last) continue;
    for (const other of others) {
      if (mine.some((m) => m.needs.some(([a]) => a === other))) continue;
      const theirs = out.filter((m) => m.app === other);
      if (theirs.length) last.needs.push([other, theirs.length - 1]);
      else last.needsApps.add(other);
    }
  }
  return out;
}
