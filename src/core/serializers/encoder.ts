/**
 * Django's DjangoJSONEncoder and json.dumps formatting: dates as ISO 8601
 * with milliseconds and 'Z' for UTC, decimals and UUIDs as strings, and
 * Python's separators (', ' and ': ', or ',' with an indent), non-ASCII
 * kept as is (Django's serializer sets ensure_ascii=False).
 */

/** A Date as DjangoJSONEncoder writes a datetime: milliseconds only when not zero. */
export function encodeDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Django's duration_string(): '[D ]HH:MM:SS[.ffffff]' from milliseconds. */
export function durationString(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let micro = Math.round(Math.abs(ms) * 1000);
  const days = Math.floor(micro / 86_400_000_000);
  micro -= days * 86_400_000_000;
  const h = Math.floor(micro / 3_600_000_000);
  micro -= h * 3_600_000_000;
  const m = Math.floor(micro / 60_000_000);
  micro -= m * 60_000_000;
  const s = Math.floor(micro / 1_000_000);
  micro -= s * 1_000_000;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${days ? `${days} ` : ''}${pad(h)}:${pad(m)}:${pad(s)}${micro ? `.${String(micro).padStart(6, '0')}` : ''}`;
}

/** Django's parse_duration() for '[-][D ]HH:MM:SS[.ffffff]' (and [MM:]SS), back to milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^(-)?(?:(\d+) (?:days?,? )?)?((?:\d+:){0,2}\d+)(?:[.,](\d{1,6}))?$/.exec(text.trim());
  if (!m) return null;
  const parts = m[3]!.split(':').map(Number).reverse(); // seconds, minutes, hours
  const seconds = (parts[0] ?? 0) + (parts[1] ?? 0) * 60 + (parts[2] ?? 0) * 3600 + Number(m[2] ?? 0) * 86_400;
  const micro = seconds * 1_000_000 + Number((m[4] ?? '').padEnd(6, '0') || 0);
  return (m[1] ? -micro : micro) / 1000;
}

function encodeValue(value: unknown): unknown {
  if (value instanceof Date) return encodeDate(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return btoa(String.fromCharCode(...value));
  return value;
}

/** Python's json.dumps(value, indent, separators, ensure_ascii=False, cls=DjangoJSONEncoder). */
export function dumps(value: unknown, indent: number | null = null, level = 0): string {
  const v = encodeValue(value);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    return JSON.stringify(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  const pad = indent === null ? '' : `\n${' '.repeat(indent * (level + 1))}`;
  const close = indent === null ? '' : `\n${' '.repeat(indent * level)}`;
  const sep = indent === null ? ', ' : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${v.map((x) => pad + dumps(x, indent, level + 1)).join(sep)}${close}]`;
  }
  if (typeof v === 'object') {
    const json = (v as { toJSON?: () => unknown }).toJSON;
    if (typeof json === 'function') return dumps(json.call(v), indent, level);
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${dumps(x, indent, level + 1)}`).join(sep)}${close}}`;
  }
  throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
}
