import { html } from 'htm/preact';
import { Component } from 'preact';
import { useMemo } from 'preact/hooks';
import { modelPath } from '../api.ts';
import type { Claim, Mention } from '../types.ts';
import { annotateText, type Region } from './annotate-text.ts';
import { VERDICTS } from './verdict-label.ts';

/** Where a mention links: a model's or an organisation's page, or a family's list of members. */
export function mentionHref(m: Pick<Mention, 'kind' | 'id'>): string {
  if (m.kind === 'model') return `/models/${modelPath(m.id)}`;
  if (m.kind === 'org') return `/orgs/${encodeURIComponent(m.id)}`;
  return `/families/${encodeURIComponent(m.id.replace(/^family:/, ''))}`;
}

const KIND_LABEL: Record<Mention['kind'], string> = { model: 'model', org: 'organisation', family: 'family' };

/**
 * The article as given, as text (Preact escapes every string; nothing is parsed as HTML, so pasted markup is shown
 * literally and never runs), with mentions as links and claims marked by verdict. Each claim ends with a button
 * naming its verdict that opens its panel; clicking the marked text opens the innermost claim's panel too.
 */
export function AnnotatedArticle({
  text,
  mentions,
  claims,
  selected,
  onSelect,
  lang,
}: {
  text: string;
  mentions: Mention[];
  claims: Claim[];
  selected: number | null;
  onSelect: (claim: number) => void;
  lang?: string;
}) {
  const regions = useMemo(() => annotateText(text, mentions, claims), [text, mentions, claims]);
  // A long article has thousands of regions: choosing a claim re-renders only those that show it.
  const shows = (r: Region) =>
    selected !== null && (r.claims.includes(selected) || r.ending.includes(selected));
  return html`<div class="article" data-testid="article" lang=${lang}>
    ${regions.map(
      (r) =>
        html`<${RegionView} key=${r.start} r=${r} mentions=${mentions} claims=${claims} selected=${shows(r) ? selected : null} onSelect=${onSelect} />`,
    )}
  </div>`;
}

interface RegionProps {
  r: Region;
  mentions: Mention[];
  claims: Claim[];
  /** The chosen claim when this region shows it, else null. */
  selected: number | null;
  onSelect: (claim: number) => void;
}

class RegionView extends Component<RegionProps> {
  override shouldComponentUpdate(next: RegionProps): boolean {
    const p = this.props;
    return (
      next.r !== p.r ||
      next.selected !== p.selected ||
      next.mentions !== p.mentions ||
      next.claims !== p.claims ||
      next.onSelect !== p.onSelect
    );
  }

  override render({ r, mentions, claims, selected, onSelect }: RegionProps) {
    const pieces = r.pieces.map((p) => {
      const m = p.mention === null ? undefined : mentions[p.mention];
      if (!m) return p.text;
      return html`<a
        class=${`mention mention-${m.kind}`}
        href=${mentionHref(m)}
        title=${`${KIND_LABEL[m.kind] ?? m.kind}: ${m.id}`}
        data-mention=${m.id}
      >${p.text}</a>`;
    });
    const inner = r.claims[0];
    const innerClaim = inner === undefined ? undefined : claims[inner];
    const body =
      inner === undefined || !innerClaim
        ? pieces
        : html`<mark
            class=${`claim verdict-${innerClaim.verdict}${selected !== null && r.claims.includes(selected) ? ' selected' : ''}`}
            data-claim=${inner}
            data-claims=${r.claims.join(' ')}
            onClick=${(e: MouseEvent) => {
              if ((e.target as Element).closest('a')) return;
              onSelect(inner);
            }}
          >${pieces}</mark>`;
    const badges = r.ending.map((i) => {
      const verdict = claims[i]?.verdict ?? 'unverifiable';
      const v = VERDICTS[verdict] ?? { sign: '', label: verdict };
      return html`<button
        type="button"
        class=${`verdict-badge verdict-${v.label}`}
        data-testid="claim-badge"
        data-claim=${i}
        aria-pressed=${selected === i}
        aria-controls="claim-panel"
        aria-label=${`Claim ${i + 1}, ${v.label}: show the check`}
        onClick=${() => onSelect(i)}
      ><span aria-hidden="true">${v.sign} ${i + 1}</span> ${v.label}</button>`;
    });
    return html`${body}${badges}`;
  }
}
