import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { postJson } from '../api.ts';
import { AnnotatedArticle } from '../components/annotated-article.ts';
import { ClaimPanel } from '../components/claim-panel.ts';
import { Empty, Figure } from '../components/ui.ts';
import { VERDICT_ORDER, VERDICTS, VerdictLabel } from '../components/verdict-label.ts';
import type { VerifyResult } from '../types.ts';

const LANGUAGES: [string, string][] = [
  ['auto', 'detect'],
  ['en', 'English'],
  ['hi', 'Hindi'],
  ['zh', 'Chinese'],
  ['ru', 'Russian'],
];

/** The side list names the first claims; a long article's others are reached by their buttons in the text. */
const LISTED_CLAIMS = 200;

/** The answer together with the text it is about: offsets index that text, not what the box holds now. */
type Checked = { text: string; result: VerifyResult };

type State =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'error'; message: string }
  | { state: 'ok'; checked: Checked };

interface Kept {
  text: string;
  date: string;
  lang: string;
  state: State;
  selected: number | null;
}

/**
 * The page as last left, for this tab's life only (never stored): following a mention to a model page and coming
 * back finds the article and its check where they were.
 */
let kept: Kept = { text: '', date: '', lang: 'auto', state: { state: 'idle' }, selected: null };

export function VerifyPage() {
  const [text, setText] = useState(kept.text);
  const [date, setDate] = useState(kept.date);
  const [lang, setLang] = useState(kept.lang);
  const [state, setState] = useState<State>(kept.state);
  const [selected, setSelected] = useState<number | null>(kept.selected);
  const pending = useRef<AbortController | null>(null);
  useEffect(() => () => pending.current?.abort(), []);
  useEffect(() => {
    // A check still running when the page is left is dropped with it (its request is aborted).
    kept = { text, date, lang, state: state.state === 'checking' ? { state: 'idle' } : state, selected };
  }, [text, date, lang, state, selected]);

  const check = async () => {
    pending.current?.abort();
    const ctl = new AbortController();
    pending.current = ctl;
    const sent = text;
    setState({ state: 'checking' });
    setSelected(null);
    try {
      const result = await postJson<VerifyResult>(
        '/api/verify',
        { text: sent, ...(date ? { date } : {}), ...(lang !== 'auto' ? { lang } : {}) },
        ctl.signal,
      );
      setState({ state: 'ok', checked: { text: sent, result } });
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setState({ state: 'error', message: (e as Error).message });
    }
  };

  return html`
    <h1>Check an article</h1>
    <p class="lead">
      Paste an article about open models (plain text or HTML; tags are skipped). Each organisation and model it
      names is linked to the catalog, and each checkable claim (release dates, parameter counts, open weights,
      licences, benchmark scores) is judged against the catalog's sourced facts.
    </p>
    <form
      class="verify-form"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        void check();
      }}
    >
      <label for="verify-text">Article</label>
      <textarea
        id="verify-text"
        rows="10"
        spellcheck=${false}
        value=${text}
        onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
      ></textarea>
      <div class="toolbar">
        <label>Published <input type="date" value=${date} onInput=${(e: Event) => setDate((e.target as HTMLInputElement).value)} /></label>
        <label>Language
          <select value=${lang} onChange=${(e: Event) => setLang((e.target as HTMLSelectElement).value)}>
            ${LANGUAGES.map(([v, label]) => html`<option value=${v}>${label}</option>`)}
          </select>
        </label>
        <button type="submit" disabled=${state.state === 'checking' || text.trim() === ''}>Check</button>
      </div>
    </form>
    ${
      state.state === 'ok' && state.checked.text !== text
        ? html`<p class="warning" data-testid="text-changed">The article has changed since it was checked: the marks below are for the text as checked. Press Check again to check the new text.</p>`
        : null
    }
    <${Outcome} state=${state} selected=${selected} onSelect=${setSelected} />
  `;
}

function Outcome({
  state,
  selected,
  onSelect,
}: {
  state: State;
  selected: number | null;
  onSelect: (i: number | null) => void;
}) {
  if (state.state === 'idle') return null;
  if (state.state === 'checking') return html`<p class="muted" role="status">Checking…</p>`;
  if (state.state === 'error')
    return html`<p class="error" role="alert">Could not check the article: ${state.message}</p>`;
  const { text, result } = state.checked;
  const counts = VERDICT_ORDER.map((v) => [v, result.claims.filter((c) => c.verdict === v).length] as const);
  const claim = selected === null ? undefined : result.claims[selected];
  const articleLang = ['en', 'hi', 'zh', 'ru'].includes(result.language) ? result.language : undefined;
  return html`
    <section aria-label="Result" data-testid="verify-result">
      <dl class="figures" data-testid="verify-summary">
        <${Figure} label="mentions" value=${String(result.mentions.length)} testid="count-mentions" />
        <${Figure} label="claims" value=${String(result.claims.length)} testid="count-claims" />
        ${counts.map(([v, n]) => html`<${Figure} label=${`${VERDICTS[v].sign} ${VERDICTS[v].label}`} value=${String(n)} testid=${`count-${v}`} />`)}
      </dl>
      <p class="muted" role="status">
        Checked: ${result.mentions.length} mentions and ${result.claims.length} claims found.
        Language: <span data-testid="verify-language">${result.language}</span>.
      </p>
      ${
        result.mentions.length === 0 && result.claims.length === 0
          ? html`<${Empty}>No organisation, model or checkable claim found in this text.<//>`
          : null
      }
      <div class="verify-layout">
        <${AnnotatedArticle}
          text=${text}
          mentions=${result.mentions}
          claims=${result.claims}
          selected=${selected}
          onSelect=${onSelect}
          lang=${articleLang}
        />
        <div class="verify-side">
          ${
            claim
              ? html`<${ClaimPanel} key=${selected} claim=${claim} index=${selected} mentions=${result.mentions} onClose=${() => onSelect(null)} />`
              : result.claims.length
                ? html`<p class="muted" data-testid="panel-hint">Choose a claim (its verdict after the marked text, or below) to see what the catalog holds.</p>`
                : null
          }
          ${
            result.claims.length
              ? html`<h2>Claims</h2>
                <ol class="claim-list" data-testid="claim-list">
                  ${result.claims.slice(0, LISTED_CLAIMS).map(
                    (c, i) => html`<li>
                      <button type="button" class="link" aria-pressed=${selected === i} onClick=${() => onSelect(i)}>${c.text}</button>
                      <${VerdictLabel} verdict=${c.verdict} />
                    </li>`,
                  )}
                </ol>
                ${
                  result.claims.length > LISTED_CLAIMS
                    ? html`<p class="muted">and ${result.claims.length - LISTED_CLAIMS} more: each has its verdict button in the text.</p>`
                    : null
                }`
              : null
          }
        </div>
      </div>
    </section>
  `;
}
