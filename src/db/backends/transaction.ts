/**
 * atomic() for every backend (Django's transaction.atomic): the outermost
 * block is BEGIN ... COMMIT, inner blocks are savepoints; an error rolls back
 * to where its block started and propagates. onCommit() callbacks run after
 * the outermost COMMIT and are dropped with the block that registered them.
 *
 * Whose transaction is it? Django has a connection per thread. Here, when a
 * context storage is installed (`manouche/node` installs one on
 * AsyncLocalStorage: see src/node/context.ts), each outermost atomic() block
 * starts its own context: the queries awaited inside it (however deep) use
 * its transaction, and concurrent work elsewhere (another request) does not.
 * PostgreSQL then pins one pooled client per block; a single-connection
 * backend (sql.js) runs outermost blocks one after another instead of
 * nesting one inside another. Without a context storage (a browser tab), a
 * backend has one transaction at a time, which every query joins.
 */
import { TransactionManagementError } from './base';

/** One outermost atomic() block and its savepoints. */
export interface TxState {
  depth: number;
  savepointSeq: number;
  callbacks: Array<Array<() => unknown>>;
  /** The backend's connection for this block (PostgreSQL: a pooled client). */
  conn: unknown;
}

/** The part of AsyncLocalStorage atomic() needs (injected: the core imports no `node:` module). */
export interface ContextStorage<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type Stores = ReadonlyMap<Transactional, TxState>;
let storage: ContextStorage<Stores> | null = null;

/** Installs (or, with null, removes) the per-context transaction storage. */
export function setContextStorage(s: ContextStorage<Stores> | null): void {
  storage = s;
}

/** Whether atomic() blocks are per async context. */
export function hasContextStorage(): boolean {
  return storage !== null;
}

function newState(): TxState {
  return { depth: 0, savepointSeq: 0, callbacks: [], conn: null };
}

export abstract class Transactional {
  private shared: TxState = newState();
  /** Outermost blocks of a single-connection backend wait for each other (with a context storage). */
  private lock: Promise<void> = Promise.resolve();
  /** True when the backend has one connection, which concurrent blocks must take turns on. */
  protected readonly singleConnection: boolean = false;

  /** Runs a statement that manages the transaction (BEGIN, SAVEPOINT, ...) on `state`'s connection. */
  protected abstract control(sql: string, state: TxState): Promise<void>;
  /** Called before BEGIN (PostgreSQL pins a pooled client into `state.conn`). */
  protected async acquire(_state: TxState): Promise<void> {}
  /** Called after COMMIT / ROLLBACK of the outermost block. */
  protected release(_state: TxState, _failed: boolean): void {}

  /** The open block of the current context, if any. */
  protected tx(): TxState | null {
    if (storage) return storage.getStore()?.get(this) ?? null;
    return this.shared.depth > 0 ? this.shared : null;
  }

  get inAtomicBlock(): boolean {
    return this.tx() !== null;
  }

  async atomic<T>(fn: () => Promise<T>, options: { savepoint?: boolean } = {}): Promise<T> {
    const current = this.tx();
    if (current) return this.inner(current, fn, options);
    const state = newState();
    if (!storage) {
      this.shared = state;
      return this.outer(state, fn);
    }
    const stores = new Map(storage.getStore() ?? []);
    stores.set(this, state);
    if (!this.singleConnection) return storage.run(stores, () => this.outer(state, fn));
    // one connection: wait for the block before ours to finish
    const before = this.lock;
    let done!: () => void;
    this.lock = new Promise<void>((r) => (done = r));
    try {
      await before;
      return await storage.run(stores, () => this.outer(state, fn));
    } finally {
      done();
    }
  }

  private async outer<T>(state: TxState, fn: () => Promise<T>): Promise<T> {
    await this.acquire(state);
    try {
      await this.control('BEGIN', state);
    } catch (e) {
      this.release(state, true);
      throw e;
    }
    state.depth = 1;
    state.callbacks = [[]];
    let result: T;
    try {
      result = await fn();
    } catch (e) {
      state.depth = 0;
      state.callbacks = [];
      try {
        await this.control('ROLLBACK', state);
      } finally {
        this.release(state, true);
      }
      throw e;
    }
    let committed = false;
    try {
      await this.control('COMMIT', state);
      committed = true;
    } catch (e) {
      await this.control('ROLLBACK', state).catch(() => undefined);
      throw e;
    } finally {
      state.depth = 0;
      const run = committed ? state.callbacks.flat() : [];
      state.callbacks = [];
      this.release(state, !committed);
      for (const cb of run) await cb();
    }
    return result;
  }

  private async inner<T>(state: TxState, fn: () => Promise<T>, options: { savepoint?: boolean }): Promise<T> {
    if (options.savepoint === false) return fn();
    const name = `s${++state.savepointSeq}`;
    await this.control(`SAVEPOINT "${name}"`, state);
    state.depth++;
    state.callbacks.push([]);
    try {
      const result = await fn();
      await this.control(`RELEASE SAVEPOINT "${name}"`, state);
      const mine = state.callbacks.pop()!;
      state.callbacks[state.callbacks.length - 1]!.push(...mine);
      return result;
    } catch (e) {
      state.callbacks.pop();
      await this.control(`ROLLBACK TO SAVEPOINT "${name}"`, state);
      await this.control(`RELEASE SAVEPOINT "${name}"`, state);
      throw e;
    } finally {
      state.depth--;
    }
  }

  onCommit(fn: () => unknown): void {
    if (typeof fn !== 'function') throw new TransactionManagementError('onCommit() needs a function.');
    const state = this.tx();
    if (!state) {
      void fn();
      return;
    }
    state.callbacks[state.callbacks.length - 1]!.push(fn);
  }
}
