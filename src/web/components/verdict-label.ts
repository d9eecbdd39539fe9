import { html } from 'htm/preact';
import type { Verdict } from '../types.ts';

/** Each verdict's sign and words: the colour is never the only cue. */
export const VERDICTS: Record<Verdict, { sign: string; label: string }> = {
  supported: { sign: '✓', label: 'supported' },
  contradicted: { sign: '✗', label: 'contradicted' },
  partly: { sign: '≈', label: 'partly' },
  unverifiable: { sign: '?', label: 'unverifiable' },
};

export const VERDICT_ORDER: Verdict[] = ['supported', 'contradicted', 'partly', 'unverifiable'];

/** A verdict as text with its colour; an unknown verdict from a newer server is shown as it comes. */
export function VerdictLabel({ verdict }: { verdict: Verdict }) {
  const v = VERDICTS[verdict] ?? { sign: '', label: String(verdict) };
  return html`<span class=${`verdict verdict-${v.label}`}><span aria-hidden="true">${v.sign}</span> ${v.label}</span>`;
}
