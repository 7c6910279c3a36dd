/**
 * Python's base64 helpers on bytes, without `node:buffer`: standard
 * (b64encode) and URL-safe without padding (Django's signing.b64_encode).
 */
export function b64encode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Strict standard base64 (binascii.Error → throws). */
export function b64decode(text: string): Uint8Array {
  const binary = atob(text); // throws InvalidCharacterError on bad input
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Django's signing.b64_encode: urlsafe_b64encode(s).strip(b'=') */
export function urlsafeB64encode(bytes: Uint8Array): string {
  return b64encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Django's signing.b64_decode: re-pads, then urlsafe_b64decode. */
export function urlsafeB64decode(text: string): Uint8Array {
  if (/[^A-Za-z0-9_-]/.test(text)) throw new Error('Invalid base64-encoded string');
  const pad = '='.repeat((4 - (text.length % 4)) % 4);
  return b64decode(text.replace(/-/g, '+').replace(/_/g, '/') + pad);
}
