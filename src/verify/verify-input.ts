import { BadRequestError, OmoError } from '../domain/errors.ts';
import { VERIFY_LANGUAGES, type VerifyOptions } from '../domain/verify.ts';

/** The largest text `omo verify` and `POST /api/verify` read: 2 MiB (a long article is a few dozen KB). */
export const MAX_VERIFY_BYTES = 2 * 1024 * 1024;

/** Bytes of a file as text: UTF-8 (a byte order mark dropped), without NUL; else an error naming where. */
export function textOfBytes(bytes: Uint8Array, label: string): string {
  if (bytes.length > MAX_VERIFY_BYTES)
    throw new OmoError(
      'payload_too_large',
      `${label}: ${bytes.length} bytes, over the ${MAX_VERIFY_BYTES}-byte limit`,
    );
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new BadRequestError('not_text', `${label}: not text (a NUL byte at byte ${nul})`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestError('not_text', `${label}: not UTF-8 text`);
  }
  return text.replace(/^\uFEFF/, '');
}

/** Checks a text given as a string (the API's `text`): no NUL character. */
export function checkText(text: string, label: string): string {
  const nul = text.indexOf('\u0000');
  if (nul >= 0)
    throw new BadRequestError(
      'not_text',
      `${label}: not text (a NUL character at ${Array.from(text.slice(0, nul)).length})`,
    );
  return text;
}

/** `--date` / `date`: a calendar day. */
export function checkDate(date: string | undefined, label: string): string | undefined {
  if (date === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ok = m && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
  if (!ok)
    throw new BadRequestError(
      'invalid_parameter',
      `${label}: expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`,
    );
  return date;
}

export function checkLang(lang: string | undefined, label: string): VerifyOptions['lang'] {
  if (lang === undefined || lang === 'auto') return lang as VerifyOptions['lang'];
  if (!(VERIFY_LANGUAGES as readonly string[]).includes(lang))
    throw new BadRequestError(
      'invalid_parameter',
      `${label}: expected auto, en, hi, zh or ru, got ${JSON.stringify(lang)}`,
    );
  return lang as VerifyOptions['lang'];
}
