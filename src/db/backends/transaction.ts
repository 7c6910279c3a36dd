/**
 * atomic() for every backend (Django's transaction.atomic): the outermost
 * block is BEGIN ... COMMIT, inner blocks are savepoints; an error rolls back
 * to where its block started and propagates. onCommit() callbacks run after
 * the outermost COMMIT and are dropped with the block that registered them.
 *
 * Like a Django connection (one per thread), a backend has one transaction
 * at a time: while it is open, every query through this backend runs in it.
 */
import { TransactionManagementError } from './base';

export abstract class Transactional {
  private depth = 0;
  private savepointSeq = 0;
  private callbacks: Array<Array<() => unknown>> = [];

  /** Runs a statement that manages the transaction (BEGIN, SAVEPOINT, ...). */
  protected abstract control(sql: string): Promise<void>;
  /** Called before BEGIN (PostgreSQL pins a pooled client). */
  protected async acquire(): Promise<void> {}
  /** Called after COMMIT / ROLLBACK of the outermost block. */
  protected release(_failed: boolean): void {}

  get inAtomicBlock(): boolean {
    return this.depth > 0;
  }

  async atomic<T>(fn: () => Promise<T>, options: { savepoint?: boolean } = {}): Promise<T> {
    if (this.depth === 0) {
      await this.acquire();
      try {
        await this.control('BEGIN');
      } catch (e) {
        this.release(true);
        throw e;
      }
      this.depth = 1;
      this.callbacks = [[]];
      let result: T;
      try {
        result = await fn();
      } catch (e) {
        this.depth = 0;
        this.callbacks = [];
        try {
          await this.control('ROLLBACK');
        } finally {
          this.release(true);
        }
        throw e;
      }
      let committed = false;
      try {
        await this.control('COMMIT');
        committed = true;
      } catch (e) {
        await this.control('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        this.depth = 0;
        const run = committed ? this.callbacks.flat() : [];
        this.callbacks = [];
        this.release(!committed);
        for (const cb of run) await cb();
      }
      return result;
    }
    if (options.savepoint === false) return fn();
    const name = `s${++this.savepointSeq}`;
    await this.control(`SAVEPOINT "${name}"`);
    this.depth++;
    this.callbacks.push([]);
    try {
      const result = await fn();
      await this.control(`RELEASE SAVEPOINT "${name}"`);
      const mine = this.callbacks.pop()!;
      this.callbacks[this.callbacks.length - 1]!.push(...mine);
      return result;
    } catch (e) {
      this.callbacks.pop();
      await this.control(`ROLLBACK TO SAVEPOINT "${name}"`);
      await this.control(`RELEASE SAVEPOINT "${name}"`);
      throw e;
    } finally {
      this.depth--;
    }
  }

  onCommit(fn: () => unknown): void {
    if (typeof fn !== 'function') throw new TransactionManagementError('onCommit() needs a function.');
    if (this.depth === 0) {
      void fn();
      return;
    }
    this.callbacks[this.callbacks.length - 1]!.push(fn);
  }
}
