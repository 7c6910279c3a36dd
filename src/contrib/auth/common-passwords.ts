/**
 * Django's 20,000 common passwords, inflated from the gzipped copy in
 * ./common-passwords.data.ts (81 KB), only when CommonPasswordValidator first
 * runs. The data is a separate chunk, imported on that first use, so an app's
 * initial bundle does not carry it. A browser build (`manouche build
 * --browser`) puts the raw .gz file beside the bundle instead and replaces the
 * chunk by one whose `fetchCommonPasswordsGzip` reads it (a service worker may
 * not import() at all).
 */
import { ImproperlyConfigured } from '../../core/exceptions';
import { b64decode } from '../../utils/base64';

/** What the data chunk offers: the embedded base64, or (browser builds) a way to fetch the file. */
interface CommonPasswordsData {
  COMMON_PASSWORDS_GZ_BASE64?: string;
  fetchCommonPasswordsGzip?: () => Promise<Uint8Array>;
}

/** One stripped line per entry, as Django's CommonPasswordValidator reads the file. */
export function passwordSet(text: string): Set<string> {
  return new Set(text.split('\n').map((x) => x.trim()));
}

export async function loadCommonPasswords(): Promise<Set<string>> {
  if (typeof DecompressionStream === 'undefined') {
    throw new ImproperlyConfigured('CommonPasswordValidator needs DecompressionStream (Node 18+, current browsers) to read its list.');
  }
  const data: CommonPasswordsData = await import('./common-passwords.data');
  const gz = data.fetchCommonPasswordsGzip ? await data.fetchCommonPasswordsGzip() : b64decode(data.COMMON_PASSWORDS_GZ_BASE64!);
  const stream = new Blob([gz as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return passwordSet(await new Response(stream).text());
}
