import { ParseError } from './errors.ts';

const STRICT = new TextDecoder('utf-8', { fatal: true });

/**
 * `bytes` as UTF-8 text (a leading byte order mark dropped); a ParseError naming `file` when they are not UTF-8, since
 * decoding them anyway would put U+FFFD in names and ids, silently.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return STRICT.decode(bytes);
  } catch {
    throw new ParseError(`${file}: not UTF-8 text; save it as UTF-8`);
  }
}
