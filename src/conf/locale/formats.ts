/**
 * The input formats of Django's locale format modules
 * (django/conf/locale/<lang>/formats.py) for the languages shipped so far.
 * A language missing here, or a format its module leaves out, falls back to
 * the settings (DATE_INPUT_FORMATS, ...), as in Django. Add a language with
 * registerLocaleFormats().
 */
export type InputFormatName = 'DATE_INPUT_FORMATS' | 'TIME_INPUT_FORMATS' | 'DATETIME_INPUT_FORMATS';
export type LocaleFormats = Partial<Record<InputFormatName, readonly string[]>>;

// Django's global_settings defaults (the same lists as the 'en' module's, which leaves out TIME_INPUT_FORMATS).
export const DATE_INPUT_FORMATS: readonly string[] = [
  '%Y-%m-%d', '%m/%d/%Y', '%m/%d/%y', '%b %d %Y', '%b %d, %Y', '%d %b %Y', '%d %b, %Y', '%B %d %Y', '%B %d, %Y', '%d %B %Y', '%d %B, %Y',
];
export const TIME_INPUT_FORMATS: readonly string[] = ['%H:%M:%S', '%H:%M:%S.%f', '%H:%M'];
export const DATETIME_INPUT_FORMATS: readonly string[] = [
  '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M',
  '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M:%S.%f', '%m/%d/%Y %H:%M',
  '%m/%d/%y %H:%M:%S', '%m/%d/%y %H:%M:%S.%f', '%m/%d/%y %H:%M',
];

const locales = new Map<string, LocaleFormats>([
  ['en', { DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS }],
  [
    'de',
    {
      DATE_INPUT_FORMATS: ['%d.%m.%Y', '%d.%m.%y'],
      DATETIME_INPUT_FORMATS: ['%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M:%S.%f', '%d.%m.%Y %H:%M'],
    },
  ],
  [
    'fr',
    {
      DATE_INPUT_FORMATS: ['%d/%m/%Y', '%d/%m/%y', '%d.%m.%Y', '%d.%m.%y'],
      DATETIME_INPUT_FORMATS: ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M:%S.%f', '%d/%m/%Y %H:%M', '%d.%m.%Y %H:%M:%S', '%d.%m.%Y %H:%M:%S.%f', '%d.%m.%Y %H:%M'],
    },
  ],
  [
    'nl',
    {
      DATE_INPUT_FORMATS: ['%d-%m-%Y', '%d-%m-%y', '%d/%m/%Y', '%d/%m/%y', '%Y/%m/%d'],
      TIME_INPUT_FORMATS: ['%H:%M:%S', '%H:%M:%S.%f', '%H.%M:%S', '%H.%M:%S.%f', '%H.%M', '%H:%M'],
      DATETIME_INPUT_FORMATS: [
        '%d-%m-%Y %H:%M:%S', '%d-%m-%y %H:%M:%S', '%Y-%m-%d %H:%M:%S', '%d/%m/%Y %H:%M:%S', '%d/%m/%y %H:%M:%S', '%Y/%m/%d %H:%M:%S',
        '%d-%m-%Y %H:%M:%S.%f', '%d-%m-%y %H:%M:%S.%f', '%Y-%m-%d %H:%M:%S.%f', '%d/%m/%Y %H:%M:%S.%f', '%d/%m/%y %H:%M:%S.%f', '%Y/%m/%d %H:%M:%S.%f',
        '%d-%m-%Y %H.%M:%S', '%d-%m-%y %H.%M:%S', '%d/%m/%Y %H.%M:%S', '%d/%m/%y %H.%M:%S',
        '%d-%m-%Y %H.%M:%S.%f', '%d-%m-%y %H.%M:%S.%f', '%d/%m/%Y %H.%M:%S.%f', '%d/%m/%y %H.%M:%S.%f',
        '%d-%m-%Y %H:%M', '%d-%m-%y %H:%M', '%Y-%m-%d %H:%M', '%d/%m/%Y %H:%M', '%d/%m/%y %H:%M', '%Y/%m/%d %H:%M',
        '%d-%m-%Y %H.%M', '%d-%m-%y %H.%M', '%d/%m/%Y %H.%M', '%d/%m/%y %H.%M',
      ],
    },
  ],
]);

/** Adds (or replaces) a language's input formats (a project's FORMAT_MODULE_PATH, spelled as a call). */
export function registerLocaleFormats(language: string, formats: LocaleFormats): void {
  locales.set(language.toLowerCase(), formats);
}

/** The format modules of a language code, most specific first ('de-ch' → de_CH then de), as Django's iter_format_modules. */
export function localeFormats(language: string): LocaleFormats[] {
  const code = language.toLowerCase().replace('_', '-');
  const out: LocaleFormats[] = [];
  for (const name of code.includes('-') ? [code, code.split('-')[0]!] : [code]) {
    const found = locales.get(name);
    if (found) out.push(found);
  }
  return out;
}
