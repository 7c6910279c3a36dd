/**
 * Django's PasswordResetTokenGenerator (django.contrib.auth.tokens): a token
 * '<base36 seconds since 2001-01-01>-<half of an HMAC hex digest>' over the
 * user's id, password hash, last login, the timestamp and email. Changing
 * the password or logging in invalidates it; so does PASSWORD_RESET_TIMEOUT.
 * Tokens made by Django verify here and the other way round.
 *
 * @example
 * const token = await defaultTokenGenerator.makeToken(user);   // 'd8ary8-90bedb83...'
 * await defaultTokenGenerator.checkToken(user, token);          // true
 */
import { settings } from '../../conf/settings';
import { constantTimeCompare, saltedHmac, toHex, type DigestName } from '../../utils/crypto';

const EPOCH_2001 = Date.UTC(2001, 0, 1);

/** Django's int_to_base36. */
export function intToBase36(i: number): string {
  if (!Number.isSafeInteger(i) || i < 0) throw new RangeError('Negative base36 conversion input.');
  return i.toString(36);
}

/** Django's base36_to_int: at most 13 characters, digits and lowercase letters only. */
export function base36ToInt(s: string): number {
  if (s.length > 13 || !/^[0-9a-z]+$/i.test(s)) throw new RangeError('Base36 input too large or invalid');
  const n = parseInt(s, 36);
  if (!Number.isSafeInteger(n)) throw new RangeError('Base36 input too large');
  return n;
}

/** Python's str(datetime) for a whole-second UTC time: 'YYYY-MM-DD HH:MM:SS'. */
function pyDatetime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

export class PasswordResetTokenGenerator {
  keySalt = 'django.contrib.auth.tokens.PasswordResetTokenGenerator';
  algorithm: DigestName = 'sha256';
  private secretValue: string | undefined;
  private fallbacksValue: string[] | undefined;

  /** SECRET_KEY unless set. */
  get secret(): string {
    return this.secretValue ?? settings.SECRET_KEY;
  }
  set secret(value: string) {
    this.secretValue = value;
  }
  /** SECRET_KEY_FALLBACKS unless set. */
  get secretFallbacks(): string[] {
    return this.fallbacksValue ?? settings.SECRET_KEY_FALLBACKS ?? [];
  }
  set secretFallbacks(value: string[]) {
    this.fallbacksValue = value;
  }

  /** A token to reset `user`'s password. */
  makeToken(user: any): Promise<string> {
    return this.makeTokenWithTimestamp(user, this.numSeconds(this.now()), this.secret);
  }

  /** True when `token` was made for `user` (any of the secrets) and is not older than PASSWORD_RESET_TIMEOUT. */
  async checkToken(user: any, token: unknown): Promise<boolean> {
    if (!user || !token || typeof token !== 'string') return false;
    const parts = token.split('-');
    if (parts.length !== 2) return false;
    let ts: number;
    try {
      ts = base36ToInt(parts[0]!);
    } catch {
      return false;
    }
    let matched = false;
    for (const secret of [this.secret, ...this.secretFallbacks]) {
      if (constantTimeCompare(await this.makeTokenWithTimestamp(user, ts, secret), token)) {
        matched = true;
        break;
      }
    }
    if (!matched) return false;
    return this.numSeconds(this.now()) - ts <= settings.PASSWORD_RESET_TIMEOUT;
  }

  protected async makeTokenWithTimestamp(user: any, timestamp: number, secret: string): Promise<string> {
    const digest = toHex(await saltedHmac(this.keySalt, this.makeHashValue(user, timestamp), secret, this.algorithm));
    let half = '';
    for (let i = 0; i < digest.length; i += 2) half += digest[i]; // Python's hexdigest()[::2]
    return `${intToBase36(timestamp)}-${half}`;
  }

  /** What the token covers: changing any of it (password, last login, email) invalidates the token. */
  protected makeHashValue(user: any, timestamp: number): string {
    const lastLogin: Date | null | undefined = user.last_login;
    const loginTimestamp = lastLogin ? pyDatetime(lastLogin) : '';
    const emailField = typeof user.getEmailFieldName === 'function' ? user.getEmailFieldName() : 'email';
    const email = user[emailField] || '';
    return `${user.pk}${user.password}${loginTimestamp}${timestamp}${email}`;
  }

  /** Whole seconds from 2001-01-01 (UTC) to `date`. */
  protected numSeconds(date: Date): number {
    return Math.trunc((date.getTime() - EPOCH_2001) / 1000);
  }

  /** The current time (overridable in tests). */
  now(): Date {
    return new Date();
  }
}

export const defaultTokenGenerator = new PasswordResetTokenGenerator();
