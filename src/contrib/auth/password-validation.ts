/**
 * Django's password validation (django.contrib.auth.password_validation):
 * AUTH_PASSWORD_VALIDATORS, validatePassword, passwordChanged,
 * passwordValidatorsHelpTexts and the four validators, with Django's
 * messages and codes. Async because CommonPasswordValidator inflates its list
 * (20,000 passwords, shipped gzipped in the auth entry, not in `manouche`) on first use.
 *
 * @example
 * configure({ AUTH_PASSWORD_VALIDATORS: [
 *   { NAME: 'django.contrib.auth.password_validation.MinimumLengthValidator', OPTIONS: { min_length: 9 } },
 *   { NAME: 'django.contrib.auth.password_validation.CommonPasswordValidator' },
 * ] });
 * await validatePassword('password', user);  // ValidationError: ["This password is too short. ...", "This password is too common."]
 */
import { ImproperlyConfigured, ValidationError, ValueError } from '../../core/exceptions';
import { settings } from '../../conf/settings';
import { loadCommonPasswords, passwordSet } from './common-passwords';

/** What a validator implements (Django's duck-typed protocol). */
export interface PasswordValidator {
  validate(password: string, user?: unknown): void | Promise<void>;
  getHelpText(): string;
  passwordChanged?(password: string, user?: unknown): void | Promise<void>;
}

type ValidatorClass = new (options?: any) => PasswordValidator;
const known = new Map<string, ValidatorClass>();

/** Makes a validator class available by dotted name in AUTH_PASSWORD_VALIDATORS. */
export function registerPasswordValidator(name: string, cls: ValidatorClass): void {
  known.set(name, cls);
}

/** Python's len(): code points, not UTF-16 units. */
function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Validates the password's length (Django's MinimumLengthValidator). */
export class MinimumLengthValidator implements PasswordValidator {
  readonly minLength: number;

  constructor(options: { min_length?: number; minLength?: number } = {}) {
    this.minLength = options.minLength ?? options.min_length ?? 8;
  }

  validate(password: string): void {
    if (pyLen(password) < this.minLength) {
      const msg = this.minLength === 1
        ? 'This password is too short. It must contain at least %(min_length)d character.'
        : 'This password is too short. It must contain at least %(min_length)d characters.';
      throw new ValidationError(msg, { code: 'password_too_short', params: { min_length: this.minLength } });
    }
  }

  getHelpText(): string {
    return `Your password must contain at least ${this.minLength} character${this.minLength === 1 ? '' : 's'}.`;
  }
}

/**
 * Python's SequenceMatcher(a, b).quick_ratio(): 2 * (characters in common,
 * as multisets) / (len(a) + len(b)); 1.0 for two empty strings.
 */
export function quickRatio(a: string, b: string): number {
  const counts = new Map<string, number>();
  let lb = 0;
  for (const ch of b) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
    lb++;
  }
  let matches = 0;
  let la = 0;
  for (const ch of a) {
    la++;
    const n = counts.get(ch) ?? 0;
    counts.set(ch, n - 1);
    if (n > 0) matches++;
  }
  return la + lb ? (2 * matches) / (la + lb) : 1;
}

/** Django's exceeds_maximum_length_ratio: a value 10x shorter cannot reach the ratio; skip it. */
export function exceedsMaximumLengthRatio(password: string, maxSimilarity: number, value: string): boolean {
  const pwdLen = pyLen(password);
  const lengthBoundSimilarity = (maxSimilarity / 2) * pwdLen;
  const valueLen = pyLen(value);
  return pwdLen >= 10 * valueLen && valueLen < lengthBoundSimilarity;
}

/** Validates that the password is not too similar to the user's attributes (Django's defaults and ratio). */
export class UserAttributeSimilarityValidator implements PasswordValidator {
  static readonly DEFAULT_USER_ATTRIBUTES = ['username', 'first_name', 'last_name', 'email'] as const;
  readonly userAttributes: readonly string[];
  readonly maxSimilarity: number;

  constructor(options: { user_attributes?: readonly string[]; userAttributes?: readonly string[]; max_similarity?: number; maxSimilarity?: number } = {}) {
    this.userAttributes = options.userAttributes ?? options.user_attributes ?? UserAttributeSimilarityValidator.DEFAULT_USER_ATTRIBUTES;
    const max = options.maxSimilarity ?? options.max_similarity ?? 0.7;
    if (max < 0.1) throw new ValueError('max_similarity must be at least 0.1');
    this.maxSimilarity = max;
  }

  validate(password: string, user?: unknown): void {
    if (!user) return;
    const pw = password.toLowerCase();
    for (const attribute of this.userAttributes) {
      const value = (user as Record<string, unknown>)[attribute];
      if (!value || typeof value !== 'string') continue;
      const lower = value.toLowerCase();
      // Python's re.split(r'\W+'): \w is Unicode letters, digits and '_'.
      const parts = [...lower.split(/[^\p{L}\p{N}_]+/u), lower];
      for (const part of parts) {
        if (exceedsMaximumLengthRatio(pw, this.maxSimilarity, part)) continue;
        if (quickRatio(pw, part) >= this.maxSimilarity) {
          throw new ValidationError('The password is too similar to the %(verbose_name)s.', {
            code: 'password_too_similar',
            params: { verbose_name: verboseName(user, attribute) },
          });
        }
      }
    }
  }

  getHelpText(): string {
    return 'Your password can’t be too similar to your other personal information.';
  }
}

function verboseName(user: unknown, attribute: string): string {
  const meta = (user as { constructor?: { _meta?: { fieldsByName?: Map<string, { verboseLabel?: string }> } } }).constructor?._meta;
  return meta?.fieldsByName?.get(attribute)?.verboseLabel ?? attribute;
}

let defaultList: Promise<Set<string>> | null = null;

/** Django's list, inflated once, on first use. */
function loadDefaultList(): Promise<Set<string>> {
  defaultList ??= loadCommonPasswords();
  return defaultList;
}

/** Rejects Django's 20,000 common passwords (or a list given as `passwords`, lowercased). */
export class CommonPasswordValidator implements PasswordValidator {
  private readonly passwords: Promise<Set<string>>;

  constructor(options: { passwords?: Iterable<string> | string } = {}) {
    const given = options.passwords;
    this.passwords = given === undefined ? loadDefaultList() : Promise.resolve(typeof given === 'string' ? passwordSet(given) : new Set([...given].map((p) => p.trim())));
  }

  async validate(password: string): Promise<void> {
    if ((await this.passwords).has(password.toLowerCase().trim())) {
      throw new ValidationError('This password is too common.', { code: 'password_too_common' });
    }
  }

  getHelpText(): string {
    return 'Your password can’t be a commonly used password.';
  }
}

/** Rejects an entirely numeric password (Python's str.isdigit: Nd plus the other digits, e.g. '²', '①'). */
export class NumericPasswordValidator implements PasswordValidator {
  validate(password: string): void {
    if (/^[\p{Nd}\u{b2}-\u{b3}\u{b9}\u{1369}-\u{1371}\u{19da}\u{2070}\u{2074}-\u{2079}\u{2080}-\u{2089}\u{2460}-\u{2468}\u{2474}-\u{247c}\u{2488}-\u{2490}\u{24ea}\u{24f5}-\u{24fd}\u{24ff}\u{2776}-\u{277e}\u{2780}-\u{2788}\u{278a}-\u{2792}\u{10a40}-\u{10a43}\u{10e60}-\u{10e68}\u{11052}-\u{1105a}\u{1f100}-\u{1f10a}]+$/u.test(password)) {
      throw new ValidationError('This password is entirely numeric.', { code: 'password_entirely_numeric' });
    }
  }

  getHelpText(): string {
    return 'Your password can’t be entirely numeric.';
  }
}

for (const [name, cls] of Object.entries({ MinimumLengthValidator, UserAttributeSimilarityValidator, CommonPasswordValidator, NumericPasswordValidator })) {
  registerPasswordValidator(`manouche.contrib.auth.password_validation.${name}`, cls);
  registerPasswordValidator(`django.contrib.auth.password_validation.${name}`, cls);
}

type ValidatorConfig = ReadonlyArray<{ NAME: string | ValidatorClass; OPTIONS?: Record<string, unknown> }>;

/** Builds validators from a config list (Django's get_password_validators). */
export function getPasswordValidators(config: ValidatorConfig): PasswordValidator[] {
  return config.map((entry) => {
    const cls = typeof entry.NAME === 'function' ? entry.NAME : known.get(entry.NAME);
    if (!cls) {
      throw new ImproperlyConfigured(`The module in NAME could not be imported: ${String(entry.NAME)}. Check your AUTH_PASSWORD_VALIDATORS setting.`);
    }
    return new cls(entry.OPTIONS ?? {});
  });
}

let cached: { key: unknown; validators: PasswordValidator[] } | null = null;

/** The validators of AUTH_PASSWORD_VALIDATORS (built once per setting value). */
export function getDefaultPasswordValidators(): PasswordValidator[] {
  const config = settings.AUTH_PASSWORD_VALIDATORS as ValidatorConfig;
  if (cached?.key !== config) cached = { key: config, validators: getPasswordValidators(config ?? []) };
  return cached.validators;
}

/**
 * Runs every validator; throws one ValidationError holding all their errors
 * (Django's validate_password).
 */
export async function validatePassword(password: string, user?: unknown, passwordValidators?: readonly PasswordValidator[]): Promise<void> {
  const errors: ValidationError[] = [];
  for (const v of passwordValidators ?? getDefaultPasswordValidators()) {
    try {
      await v.validate(password, user);
    } catch (e) {
      if (e instanceof ValidationError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length) throw new ValidationError(errors);
}

/** Tells validators that the password changed (Django's password_changed). */
export async function passwordChanged(password: string, user?: unknown, passwordValidators?: readonly PasswordValidator[]): Promise<void> {
  for (const v of passwordValidators ?? getDefaultPasswordValidators()) await v.passwordChanged?.(password, user);
}

/** Every validator's help text (Django's password_validators_help_texts). */
export function passwordValidatorsHelpTexts(passwordValidators?: readonly PasswordValidator[]): string[] {
  return (passwordValidators ?? getDefaultPasswordValidators()).map((v) => v.getHelpText());
}
