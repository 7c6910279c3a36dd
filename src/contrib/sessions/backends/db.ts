/** Django's database session backend (django.contrib.sessions.backends.db). */
import { atomic } from '../../../db/connection';
import { IntegrityError } from '../../../db/backends/base';
import { SessionBase } from '../base';
import { CreateError, UpdateError } from '../exceptions';
import { Session } from '../models';

export class SessionStore extends SessionBase {
  /** The database alias sessions live in. */
  using = 'default';

  protected async loadData(): Promise<Record<string, unknown>> {
    // Django's _get_session_from_db: objects.get(session_key=…, expire_date__gt=now).
    // A get() with plain values on the manager (using() keeps its shape) runs a
    // cached plan: no QuerySet chain, Q tree or shape key on every request.
    let row: { session_data: string };
    try {
      row = await Session.objects.using(this.using).get({ session_key: this.sessionKey!, expire_date__gt: new Date() });
    } catch (e) {
      if (!(e instanceof Session.DoesNotExist)) throw e;
      this.sessionKey = null; // expired or unknown: a new key on save
      return {};
    }
    return this.decode(row.session_data);
  }

  async exists(sessionKey: string): Promise<boolean> {
    return Session.objects.using(this.using).filter({ session_key: sessionKey }).exists();
  }

  async create(): Promise<void> {
    for (;;) {
      this.sessionKey = await this.newSessionKey();
      try {
        await this.save(true);
      } catch (e) {
        if (e instanceof CreateError) continue; // the key was taken meanwhile
        throw e;
      }
      this.modified = true;
      return;
    }
  }

  async save(mustCreate = false): Promise<void> {
    if (this.sessionKey === null) return this.create();
    if (this.cache === null) {
      if (mustCreate) this.cache = {};
      else await this.load();
    }
    const data = this.cache!;
    const sessionKey = await this.getOrCreateSessionKey();
    const sessionData = await this.encode(data);
    const expireDate = this.getExpiryDate();
    if (mustCreate) {
      try {
        await atomic(() => Session.objects.using(this.using).create({ session_key: sessionKey, session_data: sessionData, expire_date: expireDate }), { using: this.using });
      } catch (e) {
        if (e instanceof IntegrityError) throw new CreateError(`Session key ${sessionKey.slice(0, 4)}... already exists.`);
        throw e;
      }
      return;
    }
    const n = await Session.objects.using(this.using).filter({ session_key: sessionKey }).update({ session_data: sessionData, expire_date: expireDate });
    if (n === 0) throw new UpdateError('Forced update did not affect any rows.');
  }

  async deleteSession(sessionKey: string | null = null): Promise<void> {
    const key = sessionKey ?? this.sessionKey;
    if (key === null) return;
    await Session.objects.using(this.using).filter({ session_key: key }).delete();
  }

  /** Deletes expired sessions (Django's clear_expired, run by `clearsessions`). Returns how many. */
  static async clearExpired(using = 'default'): Promise<number> {
    const [n] = await Session.objects.using(using).filter({ expire_date__lt: new Date() }).delete();
    return n;
  }
}
