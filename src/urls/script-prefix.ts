/**
 * The script prefix (Django's get_script_prefix/set_script_prefix): where the
 * app is mounted, which reverse() and the STATIC_URL/MEDIA_URL settings put in
 * front of what they answer. Its own module so settings can read it without
 * importing the router.
 */
let scriptPrefix = '/';

/** The prefix every reversed URL starts with (Django's get_script_prefix()). */
export function getScriptPrefix(): string {
  return scriptPrefix;
}

/** Sets the script prefix (FORCE_SCRIPT_NAME or the server's SCRIPT_NAME); always ends with '/'. */
export function setScriptPrefix(prefix: string): void {
  scriptPrefix = prefix.endsWith('/') ? prefix : prefix + '/';
}
