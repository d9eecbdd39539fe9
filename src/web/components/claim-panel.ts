import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Claim, Mention } from '../types.ts';
import { mentionHref } from './annotated-article.ts';
import { ExternalLink } from './ui.ts';
import { VerdictLabel } from './verdict-label.ts';

/** A stated or catalog value as a person reads it: numbers grouped, lists joined, records as `key: value`. */
function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isFinite(v) ? v.toLocaleString('en-US') : String(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join('; ');
  return String(v);
}

/**
 * A catalog id as a link where its page is known: a family (`family:<slug>`), a model (ids are `owner/name`), an
 * organisation the article mentions; anything else (a licence id) as text.
 */
function catalogLink(id: string, mentions: Mention[]) {
  const kind = id.startsWith('family:')
    ? 'family'
    : id.includes('/')
      ? 'model'
      : mentions.find((m) => m.id === id && m.kind === 'org')?.kind;
  return kind ? html`<a href=${mentionHref({ kind, id })}>${id}</a>` : html`<span>${id}</span>`;
}

/** One claim's check: what the text states, what the catalog holds (with sources), the verdict and why. */
export function ClaimPanel({
  claim,
  index,
  mentions,
  onClose,
}: {
  claim: Claim;
  index: number;
  mentions: Mention[];
  onClose: () => void;
}) {
  const sources = [
    ...new Map(claim.evidence.map((e) => [`${e.source.url}\n${e.source.title}`, e.source])).values(),
  ];
  const stated = Object.entries(claim.stated ?? {});
  // Opened from a verdict button: the keyboard moves on to the panel (it sits in the side column, already in view).
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus({ preventScroll: true }), []);
  // Closing (the button or Escape) gives the focus back to the claim's verdict button in the text.
  const close = () => {
    onClose();
    document.querySelector<HTMLElement>(`[data-testid=claim-badge][data-claim="${index}"]`)?.focus();
  };
  return html`<section
    ref=${panel}
    onKeyDown=${(e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    }}
    class="claim-panel" id="claim-panel" data-testid="claim-panel" aria-labelledby="claim-panel-title" tabindex="-1">
    <div class="panel-head">
      <h2 id="claim-panel-title">Claim ${index + 1} <small class="muted">(${claim.type.replaceAll('_', ' ')})</small></h2>
      <button type="button" class="link" onClick=${close}>close</button>
    </div>
    <p data-testid="panel-verdict"><${VerdictLabel} verdict=${claim.verdict} /></p>
    <h3>The text states</h3>
    <blockquote data-testid="panel-quote">${claim.text}</blockquote>
    ${
      stated.length
        ? html`<dl class="facts" data-testid="panel-stated">
            ${stated.map(([k, v]) => html`<div class="fact"><dt>${k}</dt><dd>${formatValue(v)}</dd></div>`)}
          </dl>`
        : null
    }
    ${
      claim.subjects.length
        ? html`<p>About: ${claim.subjects.map((s, i) => html`${i > 0 ? ', ' : ''}${catalogLink(s, mentions)}`)}</p>`
        : null
    }
    <h3>The catalog holds</h3>
    ${
      claim.evidence.length
        ? html`<table data-testid="panel-evidence">
            <thead><tr><th scope="col">record</th><th scope="col">field</th><th scope="col">value</th><th scope="col">source</th></tr></thead>
            <tbody>
              ${claim.evidence.map(
                (e) => html`<tr>
                  <td>${catalogLink(e.id, mentions)}</td>
                  <td class="field">${e.field}</td>
                  <td class="value">${formatValue(e.value)}</td>
                  <td><${ExternalLink} href=${e.source.url}>${e.source.title || e.source.url}<//></td>
                </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p class="empty" data-testid="panel-evidence">Nothing in the catalog bears on this claim.</p>`
    }
    <h3>Why</h3>
    <p data-testid="panel-explanation">${claim.explanation}</p>
    <h3>Sources</h3>
    ${
      sources.length
        ? html`<ol class="sources" data-testid="panel-sources">
            ${sources.map((s) => html`<li><${ExternalLink} href=${s.url}>${s.title || s.url}<//></li>`)}
          </ol>`
        : html`<p class="muted" data-testid="panel-sources">No source: the verdict rests on no catalog fact.</p>`
    }
  </section>`;
}
