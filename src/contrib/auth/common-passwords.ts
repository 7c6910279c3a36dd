/**
 * Django's 20,000 common passwords, inflated from the gzipped copy in
 * ./common-passwords.data.ts (81 KB), only when CommonPasswordValidator first
 * runs. The data ships in the contrib/auth entry, never in `manouche` itself.
 * (A dynamic import would also defer the download, but esbuild's chunking then
 * gives dist/index.js bare chunk imports that browser bundlers warn about.)
 */
import { ImproperlyConfigured } from '../../core/exceptions';
import { b64decode } from '../../utils/base64';
import { COMMON_PASSWORDS_GZ_BASE64 } from './common-passwords.data';

/** One stripped line per entry, as Django's CommonPasswordValidator reads the file. */
export function passwordSet(text: string): Set<string> {
  return new Set(text.split('\n').map((x) => x.trim()));
}

export async function loadCommonPasswords(): Promise<Set<string>> {
  if (typeof DecompressionStream === 'undefined') {
    throw new ImproperlyConfigured('CommonPasswordValidator needs DecompressionStream (Node 18+, current browsers) to read its list.');
  }
  const gz = b64decode(COMMON_PASSWORDS_GZ_BASE64);
  const stream = new Blob([gz as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return passwordSet(await new Response(stream).text());
}
