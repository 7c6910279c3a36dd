/**
 * Django's JSON serializer: the python format written with Django's
 * json.dumps settings (./encoder.ts) — the fixture format of dumpdata and
 * loaddata: `[{"model": "polls.question", "pk": 1, "fields": {...}}]`.
 */
import { dumps } from './encoder';
import { DeserializationError, deserialize, serialize, type DeserializeOptions, type DeserializedObject, type SerializeOptions } from './python';

/** Django's JSON stream framing: "[", objects separated by ", " (or ",\n" with an indent), "]". */
export async function serializeJson(objects: Iterable<any> | AsyncIterable<any>, options: SerializeOptions & { indent?: number | null } = {}): Promise<string> {
  const items = await serialize(objects, options);
  const indent = options.indent ?? null;
  let out = '[';
  items.forEach((item, i) => {
    if (i > 0) out += indent ? ',' : ', ';
    if (indent) out += '\n';
    out += dumps(item, indent);
  });
  if (indent) out += '\n';
  out += ']';
  if (indent) out += '\n';
  return out;
}

/** Parses fixture text; a syntax error names the line and column. */
export function parseJson(text: string, where = 'fixture'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const column = Number(pos[1]) - before.lastIndexOf('\n');
      throw new DeserializationError(`${where}: invalid JSON at line ${line} column ${column}: ${message}`);
    }
    throw new DeserializationError(`${where}: invalid JSON: ${message}`);
  }
}

export function deserializeJson(text: string, options: DeserializeOptions = {}): AsyncGenerator<DeserializedObject> {
  return deserialize(parseJson(text), options);
}
