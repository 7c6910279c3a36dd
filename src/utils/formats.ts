/**
 * Django's django.utils.formats.get_format for the input formats: the
 * active language's format module first (LANGUAGE_CODE, or the language a
 * caller names; null means none, as translation.override(None)), with the
 * ISO formats appended when a module supplies the list; else the setting.
 */
import { settings } from '../conf/settings';
import { localeFormats, type InputFormatName } from '../conf/locale/formats';

/** Always accepted after a locale's own list (Django's ISO_INPUT_FORMATS). */
export const ISO_INPUT_FORMATS: Readonly<Record<InputFormatName, readonly string[]>> = {
  DATE_INPUT_FORMATS: ['%Y-%m-%d'],
  TIME_INPUT_FORMATS: ['%H:%M:%S', '%H:%M:%S.%f', '%H:%M'],
  DATETIME_INPUT_FORMATS: ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%Y-%m-%d'],
};

/** The formats of `formatType` for `language` (LANGUAGE_CODE by default). */
export function getFormat(formatType: InputFormatName, language: string | null = (settings.LANGUAGE_CODE as string | null) ?? null): readonly string[] {
  for (const module of language ? localeFormats(language) : []) {
    const own = module[formatType];
    if (own) return [...own, ...ISO_INPUT_FORMATS[formatType].filter((f) => !own.includes(f))];
  }
  const fromSettings = settings[formatType];
  if (!Array.isArray(fromSettings) || !fromSettings.every((f) => typeof f === 'string')) {
    throw new TypeError(`The ${formatType} setting must be a list of strptime formats, not ${JSON.stringify(fromSettings)}.`);
  }
  return fromSettings;
}
