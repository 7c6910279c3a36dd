/**
 * The migration graph (django.db.migrations.graph): migrations as nodes,
 * dependencies as edges. Plans are depth-first walks: forwards over parents
 * (dependencies first), backwards over children (dependents first).
 */
import { BadMigrationError, type Migration } from './migration';

export class NodeNotFoundError extends BadMigrationError {
  override name = 'NodeNotFoundError';
}
export class CircularDependencyError extends BadMigrationError {
  override name = 'CircularDependencyError';
}

const appOf = (key: string) => key.slice(0, key.indexOf('.'));

export class MigrationGraph {
  readonly nodes = new Map<string, Migration>();
  private readonly parents = new Map<string, Set<string>>();
  private readonly children = new Map<string, Set<string>>();

  addNode(m: Migration): void {
    this.nodes.set(m.key, m);
    this.parents.set(m.key, new Set());
    this.children.set(m.key, new Set());
  }

  addDependency(child: string, parent: string): void {
    if (!this.nodes.has(child)) throw new NodeNotFoundError(`Migration ${child} does not exist.`);
    if (!this.nodes.has(parent)) {
      const [app, name] = [appOf(parent), parent.slice(parent.indexOf('.') + 1)];
      throw new NodeNotFoundError(`Migration ${child} dependencies reference nonexistent parent node ('${app}', '${name}').`);
    }
    this.parents.get(child)!.add(parent);
    this.children.get(parent)!.add(child);
  }

  /**
   * Django's remove_replaced_nodes: the squashed migration `replacement`
   * stands for `replaced`, which leave the graph; their dependencies and
   * dependents outside the set move to it.
   */
  removeReplacedNodes(replacement: string, replaced: readonly string[]): void {
    this.node(replacement);
    const set = new Set(replaced);
    for (const key of replaced) {
      if (!this.nodes.has(key)) continue;
      for (const child of this.children.get(key)!) {
        this.parents.get(child)!.delete(key);
        if (!set.has(child)) this.link(child, replacement);
      }
      for (const parent of this.parents.get(key)!) {
        this.children.get(parent)!.delete(key);
        if (!set.has(parent)) this.link(replacement, parent);
      }
      this.nodes.delete(key);
      this.parents.delete(key);
      this.children.delete(key);
    }
  }

  /**
   * Django's remove_replacement_node: a partly applied squash is not used;
   * its dependents depend on the last of the migrations it replaces.
   */
  removeReplacementNode(replacement: string, replaced: readonly string[]): void {
    this.node(replacement);
    const present = replaced.filter((k) => this.nodes.has(k));
    const latest = present.filter((k) => !present.some((other) => this.parents.get(other)!.has(k)));
    for (const child of this.children.get(replacement)!) {
      this.parents.get(child)!.delete(replacement);
      for (const k of latest) this.link(child, k);
    }
    for (const parent of this.parents.get(replacement)!) this.children.get(parent)!.delete(replacement);
    this.nodes.delete(replacement);
    this.parents.delete(replacement);
    this.children.delete(replacement);
  }

  private link(child: string, parent: string): void {
    this.parents.get(child)!.add(parent);
    this.children.get(parent)!.add(child);
  }

  node(key: string): Migration {
    const m = this.nodes.get(key);
    if (!m) throw new NodeNotFoundError(`Migration ${key} does not exist.`);
    return m;
  }

  parentsOf(key: string): string[] {
    return [...(this.parents.get(key) ?? [])].sort();
  }
  childrenOf(key: string): string[] {
    return [...(this.children.get(key) ?? [])].sort();
  }

  /** Depth first from each root, dependencies (by `next`) before each node; a cycle is an error. */
  private walk(roots: readonly string[], next: (k: string) => string[]): string[] {
    const out: string[] = [];
    const done = new Set<string>();
    const onPath = new Set<string>();
    const visit = (k: string, path: string[]) => {
      if (done.has(k)) return;
      if (onPath.has(k)) throw new CircularDependencyError(`Circular dependency between migrations: ${[...path, k].join(' -> ')}.`);
      onPath.add(k);
      for (const n of next(k)) visit(n, [...path, k]);
      onPath.delete(k);
      done.add(k);
      out.push(k);
    };
    for (const root of roots) visit(root, []);
    return out;
  }

  /** Django's iterative_dfs pushes the sorted neighbours on a stack: the last one is walked first. */
  private plan(start: string, neighbours: (k: string) => string[]): string[] {
    this.node(start);
    return this.walk([start], (k) => neighbours(k).reverse());
  }

  /** Every migration `key` needs, then `key` (Django's forwards_plan). */
  forwardsPlan(key: string): string[] {
    return this.plan(key, (k) => this.parentsOf(k));
  }

  /** Every migration that needs `key`, then `key` (Django's backwards_plan). */
  backwardsPlan(key: string): string[] {
    return this.plan(key, (k) => this.childrenOf(k));
  }

  /** Nodes no migration of the same app depends on, optionally of one app. */
  leafNodes(app?: string): string[] {
    return [...this.nodes.keys()]
      .filter((k) => (app === undefined || appOf(k) === app) && !this.childrenOf(k).some((c) => appOf(c) === appOf(k)))
      .sort();
  }

  /** Nodes with no dependency in their own app. */
  rootNodes(app?: string): string[] {
    return [...this.nodes.keys()]
      .filter((k) => (app === undefined || appOf(k) === app) && !this.parentsOf(k).some((p) => appOf(p) === appOf(k)))
      .sort();
  }

  /** Apps with more than one leaf: { app: [names] } (Django's detect_conflicts). */
  detectConflicts(): Record<string, string[]> {
    const byApp: Record<string, string[]> = {};
    for (const leaf of this.leafNodes()) (byApp[appOf(leaf)] ??= []).push(leaf.slice(leaf.indexOf('.') + 1));
    for (const app of Object.keys(byApp)) if (byApp[app]!.length < 2) delete byApp[app];
    return byApp;
  }

  /** Every node, dependencies first; a dependency cycle anywhere is an error. */
  fullPlan(): string[] {
    return this.walk([...this.nodes.keys()].sort(), (k) => this.parentsOf(k));
  }

  /** The apps that have migrations. */
  apps(): string[] {
    return [...new Set([...this.nodes.keys()].map(appOf))].sort();
  }
}

/** The conflict error Django raises, with its `--merge` hint. */
export function conflictMessage(conflicts: Record<string, string[]>): string {
  const list = Object.entries(conflicts)
    .map(([app, names]) => `${names.join(', ')} in ${app}`)
    .join('; ');
  return `Conflicting migrations detected; multiple leaf nodes in the migration graph: (${list}).\nTo fix them run 'npx manouche makemigrations --merge'`;
}
