/**
 * The migration loader (django.db.migrations.loader): migration modules of
 * each app -> Migration objects -> the graph. The modules come as a map
 * { app: { name: module } } (a browser bundle imports them; on Node,
 * src/node/migrations.ts reads them from each app's migrations directory).
 */
import { conflictMessage, MigrationGraph, NodeNotFoundError } from './graph';
import { BadMigrationError, Migration, type MigrationModule } from './migration';
import { ProjectState } from './state';

/** Migration modules by app label, then by migration name. */
export type MigrationModules = Record<string, Record<string, MigrationModule | { default: MigrationModule }>>;

const NAME_RE = /^[A-Za-z0-9_]+$/;

export class MigrationLoader {
  readonly graph = new MigrationGraph();

  constructor(modules: MigrationModules) {
    for (const [app, byName] of Object.entries(modules)) {
      if (!/^[A-Za-z_]\w*$/.test(app)) throw new BadMigrationError(`'${app}' is not a valid app label.`);
      for (const [name, mod] of Object.entries(byName)) {
        if (!NAME_RE.test(name)) throw new BadMigrationError(`Migration name '${name}' in app '${app}' may only hold letters, digits and '_'.`);
        const def = mod && typeof mod === 'object' && 'default' in mod ? (mod as { default: MigrationModule }).default : (mod as MigrationModule);
        this.graph.addNode(new Migration(app, name, def));
      }
    }
    for (const m of this.graph.nodes.values()) {
      for (const [app, name] of m.dependencies) {
        const parent = this.resolveDependency(m, app, name);
        if (parent) this.graph.addDependency(m.key, parent);
      }
    }
    // a cycle is an error at load time, not at the first plan
    this.graph.fullPlan();
  }

  /** A dependency's key; '__first__' / '__latest__' name an app's root / leaf; null for an app without migrations. */
  private resolveDependency(m: Migration, app: string, name: string): string | null {
    if (name === '__first__' || name === '__latest__') {
      const nodes = name === '__first__' ? this.graph.rootNodes(app) : this.graph.leafNodes(app);
      if (nodes.length === 0) {
        if (app === m.appLabel) throw new NodeNotFoundError(`Migration ${m.key} depends on ${app}.${name}, but app '${app}' has no migrations.`);
        return null; // Django: an unmigrated app is satisfied
      }
      return nodes[0]!;
    }
    return `${app}.${name}`;
  }

  /** Throws Django's conflict error (with the --merge hint) when an app has several leaves. */
  checkConsistent(): void {
    const conflicts = this.graph.detectConflicts();
    if (Object.keys(conflicts).length) throw new BadMigrationError(conflictMessage(conflicts));
  }

  /** The state after `nodes` (all of them when omitted), applied in dependency order. */
  projectState(nodes?: ReadonlySet<string>): ProjectState {
    let state = new ProjectState();
    for (const key of this.graph.fullPlan()) {
      if (nodes && !nodes.has(key)) continue;
      state = this.graph.node(key).mutateState(state);
    }
    return state;
  }
}
