/**
 * Serializers (django.core.serializers): model instances to fixtures and
 * back. Formats: 'json' (./json.ts) and 'python' (plain objects, ./python.ts).
 */
export { serialize, deserialize, DeserializedObject, DeserializationError, hasNaturalKey, type SerializeOptions, type DeserializeOptions, type SerializedObject } from './python';
export { serializeJson, deserializeJson, parseJson } from './json';
export { dumps, encodeDate, durationString, parseDuration } from './encoder';

/** The formats loaddata and dumpdata know, by name. */
export const SERIALIZATION_FORMATS = ['json'] as const;
