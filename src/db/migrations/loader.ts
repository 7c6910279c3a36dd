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

export interface LoaderOptions {
  /** The migrations recorded as applied ('app.name'): they decide which squashed migrations are used. */
  applied?: Iterable<string>;
  /** False keeps squashed migrations and the ones they replace side by side (sqlmigrate; Django's replace_migrations). */
  replaceMigrations?: boolean;
}

export class MigrationLoader {
  readonly graph = new MigrationGraph();
  /** The applied migrations as the graph sees them: a squashed one counts once all it replaces are applied. */
  readonly applied: Set<string>;
  /** Squashed migrations by key (those whose `replaces` is not empty). */
  readonly replacements = new Map<string, Migration>();

  constructor(modules: MigrationModules, options: LoaderOptions = {}) {
    for (const [app, byName] of Object.entries(modules)) {
      if (!/^[A-Za-z_]\w*$/.test(app)) throw new BadMigrationError(`'${app}' is not a valid app label.`);
      for (const [name, mod] of Object.entries(byName)) {
        if (!NAME_RE.test(name)) throw new BadMigrationError(`Migration name '${name}' in app '${app}' may only hold letters, digits and '_'.`);
        const def = mod && typeof mod === 'object' && 'default' in mod ? (mod as { default: MigrationModule }).default : (mod as MigrationModule);
        this.graph.addNode(new Migration(app, name, def));
      }
    }
    // a dependency on a squashed-away migration whose file is gone goes to the squash
    const replacedBy = new Map<string, string>();
    for (const m of this.graph.nodes.values()) for (const k of m.replaces) replacedBy.set(k, m.key);
    for (const m of this.graph.nodes.values()) {
      for (const [app, name] of m.dependencies) {
        let parent = this.resolveDependency(m, app, name);
        if (parent && !this.graph.nodes.has(parent) && replacedBy.has(parent)) parent = replacedBy.get(parent)!;
        if (parent) this.graph.addDependency(m.key, parent);
      }
    }
    for (const m of this.graph.nodes.values()) if (m.replaces.length) this.replacements.set(m.key, m);
    this.applied = this.withReplacements(options.applied ?? []);
    if (options.replaceMigrations ?? true) {
      // Django's build_graph: a squash replaces its migrations when all or none of them are applied
      for (const [key, m] of this.replacements) {
        const done = m.replaces.filter((k) => this.applied.has(k)).length;
        if (done === 0 || done === m.replaces.length) this.graph.removeReplacedNodes(key, m.replaces);
        else {
          const missing = m.replaces.filter((k) => !this.graph.nodes.has(k));
          if (missing.length) {
            throw new BadMigrationError(
              `Migration ${key} is partly applied and cannot be used, but the migrations it replaces are missing: ${missing.join(', ')}. Restore them, or apply them with 'migrate --fake'.`,
            );
          }
          this.graph.removeReplacementNode(key, m.replaces);
        }
      }
    }
    // a cycle is an error at load time, not at the first plan
    this.graph.fullPlan();
  }

  /** `applied` plus each squashed migration whose replaced migrations are all in it (Django's applied_migrations). */
  withReplacements(applied: Iterable<string>): Set<string> {
    const out = new Set(applied);
    for (const [key, m] of this.replacements) {
      if (m.replaces.every((k) => out.has(k))) out.add(key);
      else out.delete(key);
    }
    return out;
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
