/**
 * Model signals (django.db.models.signals): receivers run, in connection
 * order, around saves, deletes and many-to-many changes. Receivers may be
 * async; the ORM awaits them. `sender` is the model class.
 *
 * @example
 * postSave.connect(({ instance, created }) => { if (created) audit(instance); }, { sender: Question });
 */

type Receiver<A> = (args: A & { sender: unknown; signal: Signal<A> }) => unknown;

export class Signal<A = Record<string, unknown>> {
  private receivers: Array<{ fn: Receiver<A>; sender: unknown }> = [];

  /** Adds a receiver (for every sender, or only `sender`). Connecting twice is a no-op. */
  connect(fn: Receiver<A>, options: { sender?: unknown } = {}): void {
    if (this.receivers.some((r) => r.fn === fn && r.sender === options.sender)) return;
    this.receivers.push({ fn, sender: options.sender });
  }

  /** Removes a receiver; true when it was connected. */
  disconnect(fn: Receiver<A>, options: { sender?: unknown } = {}): boolean {
    const before = this.receivers.length;
    this.receivers = this.receivers.filter((r) => !(r.fn === fn && r.sender === options.sender));
    return this.receivers.length !== before;
  }

  /** Whether any receiver would get a signal from `sender` (lets the ORM skip work). */
  hasListeners(sender: unknown): boolean {
    return this.receivers.some((r) => r.sender === undefined || r.sender === sender);
  }

  /** Calls every receiver for `sender` in order; returns [receiver, result] pairs. */
  async send(sender: unknown, args: A): Promise<Array<[Receiver<A>, unknown]>> {
    const out: Array<[Receiver<A>, unknown]> = [];
    for (const r of this.receivers) {
      if (r.sender !== undefined && r.sender !== sender) continue;
      out.push([r.fn, await r.fn({ ...args, sender, signal: this })]);
    }
    return out;
  }
}

export interface SaveArgs {
  instance: any;
  using: string;
  updateFields: readonly string[] | null;
}

export const preSave = new Signal<SaveArgs>();
export const postSave = new Signal<SaveArgs & { created: boolean }>();
export const preDelete = new Signal<{ instance: any; using: string }>();
export const postDelete = new Signal<{ instance: any; using: string }>();
export const m2mChanged = new Signal<{
  instance: any;
  action: 'pre_add' | 'post_add' | 'pre_remove' | 'post_remove' | 'pre_clear' | 'post_clear';
  reverse: boolean;
  model: unknown;
  pkSet: Set<unknown> | null;
  using: string;
}>();
