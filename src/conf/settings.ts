/**
 * The project's settings (django.conf.settings), reduced for now to what the
 * router reads; the HTTP layer widens it with Django's names and defaults.
 */
import type { URLEntry } from '../urls/conf';

export interface Settings {
  /** The root URLconf: the pattern list resolve() and reverse() use by default. */
  ROOT_URLCONF: readonly URLEntry[] | undefined;
  /** Redirect to the same path with a slash when only that would match. */
  APPEND_SLASH: boolean;
}

export const settings: Settings = {
  ROOT_URLCONF: undefined,
  APPEND_SLASH: true,
};

/** Sets settings, like `settings.configure()`. */
export function configure(values: Partial<Settings>): Settings {
  return Object.assign(settings, values);
}
