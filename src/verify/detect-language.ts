import type { VerifyLanguage } from '../domain/verify.ts';

/**
 * The language by script: Devanagari → hi, Han → zh, Cyrillic → ru, Latin → en. Articles in Hindi, Chinese and
 * Russian name models in Latin letters, so a non-Latin script leads when it holds a fair share of the letters
 * (a Han character is a word, so it counts three times); two non-Latin scripts with a fair share each are `mixed`.
 */
export function detectLanguage(text: string): VerifyLanguage {
  let latin = 0;
  let han = 0;
  let deva = 0;
  let cyr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
    else if (c >= 0x0900 && c <= 0x097f) deva++;
    else if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) han += 3;
    else if (c >= 0x0400 && c <= 0x04ff) cyr++;
  }
  const total = latin + han + deva + cyr;
  if (total === 0) return 'unknown';
  const shares: [VerifyLanguage, number][] = [
    ['hi', deva / total],
    ['zh', han / total],
    ['ru', cyr / total],
  ];
  const strong = shares.filter(([, s]) => s >= 0.2);
  if (strong.length > 1) return 'mixed';
  if (strong.length === 1) return (strong[0] as [VerifyLanguage, number])[0];
  if (latin / total >= 0.8) return 'en';
  return 'mixed';
}
