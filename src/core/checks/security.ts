/**
 * Deployment checks on settings (django.core.checks.security.base), run by
 * `check --deploy`: a weak SECRET_KEY (security.W009) or fallback (W025),
 * DEBUG on (W018), an empty ALLOWED_HOSTS (W020).
 */
import { settings } from '../../conf/settings';
import { Warning, type CheckMessage } from './messages';

/** The prefix startproject gives the key it generates (Django's 'django-insecure-'). */
export const INSECURE_PREFIX = 'manouche-insecure-';
const MIN_LENGTH = 50;
const MIN_UNIQUE = 5;

function strong(key: unknown): boolean {
  return typeof key === 'string' && key.length >= MIN_LENGTH && new Set(key).size >= MIN_UNIQUE && !key.startsWith(INSECURE_PREFIX);
}

const weakKey =
  `has less than ${MIN_LENGTH} characters, less than ${MIN_UNIQUE} unique characters, or it's prefixed with '${INSECURE_PREFIX}' indicating that it was generated automatically by manouche. ` +
  "Please generate a long and random value, otherwise many of manouche's security-critical features will be vulnerable to attack.";

export function checkSecretKey(): CheckMessage[] {
  return strong(settings.SECRET_KEY) ? [] : [new Warning(`Your SECRET_KEY ${weakKey}`, { id: 'security.W009' })];
}

export function checkSecretKeyFallbacks(): CheckMessage[] {
  const fallbacks = settings.SECRET_KEY_FALLBACKS ?? [];
  return fallbacks.flatMap((key, i) => (strong(key) ? [] : [new Warning(`Your SECRET_KEY_FALLBACKS[${i}] ${weakKey}`, { id: 'security.W025' })]));
}

export function checkDebug(): CheckMessage[] {
  return settings.DEBUG ? [new Warning('You should not have DEBUG set to True in deployment.', { id: 'security.W018' })] : [];
}

export function checkAllowedHosts(): CheckMessage[] {
  return settings.ALLOWED_HOSTS.length ? [] : [new Warning('ALLOWED_HOSTS must not be empty in deployment.', { id: 'security.W020' })];
}
