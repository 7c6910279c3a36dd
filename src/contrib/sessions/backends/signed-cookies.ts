/**
 * Django's signed-cookie session backend: the whole session is the cookie
 * value (signing.dumps, compressed), so nothing is stored server-side. The
 * data is signed, not encrypted: the client can read it.
 */
import { dumps, loads } from '../../../core/signing';
import { SessionBase } from '../base';

const SALT = 'django.contrib.sessions.backends.signed_cookies';

export class SessionStore extends SessionBase {
  /** Tampered, expired or unreadable cookies give an empty, new session. */
  protected async loadData(): Promise<Record<string, unknown>> {
    try {
      const v = await loads(this.sessionKey!, { salt: SALT, maxAge: this.getSessionCookieAge() });
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // fall through: a bad cookie is a new session, as in Django
    }
    await this.create();
    return {};
  }

  async create(): Promise<void> {
    this.modified = true;
  }

  /** The key becomes the signed data itself. */
  async save(_mustCreate = false): Promise<void> {
    if (this.cache === null) await this.load();
    this.sessionKey = await dumps(this.cache!, { salt: SALT, compress: true });
    this.modified = true;
  }

  async exists(_sessionKey: string): Promise<boolean> {
    return false;
  }

  async deleteSession(_sessionKey: string | null = null): Promise<void> {
    this.sessionKey = '';
    this.cache = {};
    this.modified = true;
  }

  override async cycleKey(): Promise<void> {
    await this.save();
  }

  static async clearExpired(): Promise<number> {
    return 0;
  }
}
