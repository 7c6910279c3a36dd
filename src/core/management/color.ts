/**
 * Django's output styles (django.core.management.color): ERROR, SUCCESS,
 * WARNING, NOTICE, SQL_*, HTTP_* ... as ANSI colours when the stream is a
 * terminal (or --force-color), plain text with --no-color or a pipe.
 */

const PALETTE: Record<string, string> = {
  ERROR: '1;31',
  SUCCESS: '1;32',
  WARNING: '1;33',
  NOTICE: '31',
  SQL_FIELD: '1;32',
  SQL_COLTYPE: '32',
  SQL_KEYWORD: '33',
  SQL_TABLE: '1',
  HTTP_INFO: '1',
  HTTP_SUCCESS: '',
  HTTP_REDIRECT: '32',
  HTTP_NOT_MODIFIED: '36',
  HTTP_BAD_REQUEST: '1;31',
  HTTP_NOT_FOUND: '33',
  HTTP_SERVER_ERROR: '1;35',
  MIGRATE_HEADING: '1;36',
  MIGRATE_LABEL: '1',
  ERROR_OUTPUT: '1;31',
};

export type StyleName = keyof typeof PALETTE;
export type Style = Record<string, (text: string) => string>;

/** The styles; each is the identity when `colored` is false. */
export function makeStyle(colored: boolean): Style {
  const style: Style = {};
  for (const [name, code] of Object.entries(PALETTE)) {
    style[name] = colored && code ? (text) => `\x1b[${code}m${text}\x1b[0m` : (text) => text;
  }
  return style;
}
