/**
 * Number formatting for filters (django.utils.numberformat.format and
 * django.utils.formats.number_format): decimal places, the decimal
 * separator and digit grouping.
 *
 * The engine has no locales: localized output is English's ('.' and ',' in
 * groups of three, grouping only when USE_THOUSAND_SEPARATOR is set or
 * forced), whatever the runtime's locale; unlocalized output (`use_l10n`
 * false, floatformat's `u` suffix) uses the settings DECIMAL_SEPARATOR,
 * THOUSAND_SEPARATOR and NUMBER_GROUPING (Django's defaults: '.', ',', 0).
 *
 * @example
 * numberFormat('66666.7', 1, { forceGrouping: true }) // '66,666.7'
 */
import { settings } from '../conf/settings';

export interface NumberFormatOptions {
  /** Group digits even when USE_THOUSAND_SEPARATOR is off (floatformat's `g`). */
  forceGrouping?: boolean;
  /** False for the settings' separators instead of the locale's (floatformat's `u`). */
  useL10n?: boolean;
}

interface Formats {
  decimalSeparator: string;
  thousandSeparator: string;
  /** A group size, or Django's sequence of sizes (the last 0 repeats the one before). */
  grouping: number | number[];
}

const english: Formats = { decimalSeparator: '.', thousandSeparator: ',', grouping: 3 };

/** The settings' number formats, read defensively (the fields may not exist). */
function settingsFormats(): Formats {
  const s = settings as { DECIMAL_SEPARATOR?: unknown; THOUSAND_SEPARATOR?: unknown; NUMBER_GROUPING?: unknown };
  const grouping = s.NUMBER_GROUPING;
  return {
    decimalSeparator: typeof s.DECIMAL_SEPARATOR === 'string' ? s.DECIMAL_SEPARATOR : '.',
    thousandSeparator: typeof s.THOUSAND_SEPARATOR === 'string' ? s.THOUSAND_SEPARATOR : ',',
    grouping: typeof grouping === 'number' || Array.isArray(grouping) ? (grouping as number | number[]) : 0,
  };
}

/**
 * Formats a number given as a plain decimal string ('-1234.5', no exponent)
 * with `decimalPos` decimals (cut or zero-padded; null keeps them as they are).
 */
export function numberFormat(number: string, decimalPos: number | null, options: NumberFormatOptions = {}): string {
  const useL10n = options.useL10n ?? true;
  const f = useL10n ? english : settingsFormats();
  const useThousand = (settings as { USE_THOUSAND_SEPARATOR?: unknown }).USE_THOUSAND_SEPARATOR === true;
  const useGrouping = ((useL10n && useThousand) || options.forceGrouping === true) && f.grouping !== 0;
  let sign = '';
  let s = number;
  if (s[0] === '-') {
    sign = '-';
    s = s.slice(1);
  }
  const dot = s.indexOf('.');
  let intPart = dot >= 0 ? s.slice(0, dot) : s;
  let decPart = dot >= 0 ? s.slice(dot + 1) : '';
  if (decimalPos !== null) decPart = decPart.slice(0, decimalPos).padEnd(decimalPos, '0');
  if (decPart) decPart = f.decimalSeparator + decPart;
  if (useGrouping) intPart = groupDigits(intPart, f.grouping, f.thousandSeparator);
  return sign + intPart + decPart;
}

/** Django's grouping loop: sizes from the right; a 0 in a sequence repeats the previous size. */
function groupDigits(intPart: string, grouping: number | number[], separator: string): string {
  const intervals = Array.isArray(grouping) ? [...grouping] : [grouping, 0];
  let active = intervals.shift() ?? 0;
  let out = '';
  let count = 0;
  for (let i = intPart.length - 1; i >= 0; i--) {
    if (count && count === active) {
      if (intervals.length) active = intervals.shift() || active;
      out = separator + out;
      count = 0;
    }
    out = intPart[i] + out;
    count++;
  }
  return out;
}
