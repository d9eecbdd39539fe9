import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { ModelComparison } from '../../analysis/compare-models.ts';
import { gib, humanCount, percent } from '../../domain/format.ts';
import { useApi } from '../api.ts';
import { Async, Empty } from '../components/ui.ts';
import { navigate } from '../router.ts';
import type { ModelSummary, Page } from '../types.ts';

export function ComparePage({ query }: { query: URLSearchParams }) {
  const ids = (query.get('ids') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const comparison = useApi<ModelComparison>(
    ids.length >= 2 ? `/api/compare?ids=${ids.map(encodeURIComponent).join(',')}` : null,
  );
  const [adding, setAdding] = useState('');
  const suggestions = useApi<Page<ModelSummary>>(
    adding.trim().length >= 2
      ? `/api/models?q=${encodeURIComponent(adding.trim())}&limit=10&sort=-released`
      : null,
  );
  const setIds = (next: string[]) => navigate(`/compare?ids=${next.map(encodeURIComponent).join(',')}`);

  return html`
    <h1>Compare models</h1>
    <form
      class="toolbar"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        if (adding.trim()) setIds([...ids, adding.trim()]);
        setAdding('');
      }}
    >
      <label for="add-model">Add a model (id, name or alias)</label>
      <input id="add-model" list="model-suggestions" value=${adding} onInput=${(e: Event) => setAdding((e.target as HTMLInputElement).value)} />
      <datalist id="model-suggestions">
        ${suggestions.state === 'ok' ? suggestions.data.rows.map((m) => html`<option value=${m.id}>${m.name}</option>`) : null}
      </datalist>
      <button type="submit">Add</button>
    </form>
    <p class="chips">
      ${ids.map((id) => html`<span class="chip">${id} <button type="button" aria-label=${`Remove ${id}`} onClick=${() => setIds(ids.filter((x) => x !== id))}>×</button></span>`)}
    </p>
    ${
      ids.length < 2
        ? html`<${Empty}>Pick at least two models, e.g. <a href="/compare?ids=Qwen/QwQ-32B,deepseek-ai/DeepSeek-R1">QwQ-32B and DeepSeek-R1</a>.<//>`
        : html`<${Async} result=${comparison} what="the comparison">
          ${(c: ModelComparison) => html`<${CompareTable} c=${c} onReference=${(id: string) => setIds([id, ...ids.filter((x) => x !== id)])} />`}
        <//>`
    }
  `;
}

function CompareTable({ c, onReference }: { c: ModelComparison; onReference: (id: string) => void }) {
  return html`
    <${FactsTable} c=${c} onReference=${onReference} />
    <p class="muted">* from the stated total; others from the model's config.json.</p>
    <h2>Shared benchmarks</h2>
    <${SharedBenchmarks} c=${c} />
  `;
}

/** Facts side by side: makers, dates, licences, parameters (with ratios to the reference) and memory. */
function FactsTable({ c, onReference }: { c: ModelComparison; onReference: (id: string) => void }) {
  const ref = c.models[0];
  const row = (label: string, cells: unknown[], testid?: string) =>
    html`<tr data-testid=${testid}><th scope="row">${label}</th>${cells.map((x) => html`<td>${x}</td>`)}</tr>`;
  const ratio = (r: number | null) => (r === null ? '' : percent(r, r < 0.1 ? 1 : 0));
  return html`
    <table class="compare" data-testid="compare-table">
      <thead>
        <tr>
          <th scope="col"></th>
          ${c.models.map(
            (m, i) => html`<th scope="col">
              <a href=${`/models/${m.id}`}>${m.name}</a>
              ${
                i === 0
                  ? html` <small class="muted">(reference)</small>`
                  : html` <button type="button" class="link" onClick=${() => onReference(m.id)}>use as reference</button>`
              }
            </th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${row(
          'makers',
          c.models.map((m) => m.organizations.map((o) => `${o.name} (${o.country})`).join(', ')),
        )}
        ${row(
          'released',
          c.models.map((m) => m.released ?? ''),
        )}
        ${row(
          'weights',
          c.models.map((m) => m.weights),
        )}
        ${row(
          'licence',
          c.models.map((m) => `${m.license.id} (${m.license.class})`),
        )}
        ${row(
          'architecture',
          c.models.map((m) => m.architecture),
        )}
        ${row(
          'total parameters',
          c.parameters.map((p) => humanCount(p.total)),
          'row-total',
        )}
        ${row(
          'active parameters',
          c.parameters.map((p) => humanCount(p.active)),
          'row-active',
        )}
        ${row(
          `total vs ${ref?.name}`,
          c.parameters.map((p) => ratio(p.totalRatio)),
          'row-total-ratio',
        )}
        ${row(
          `active vs ${ref?.name}`,
          c.parameters.map((p) => ratio(p.activeRatio)),
          'row-active-ratio',
        )}
        ${row(
          'context',
          c.models.map((m) => (m.contextLength ? m.contextLength.toLocaleString('en-US') : '')),
        )}
        ${(['bf16', 'fp8', 'int4'] as const).map((prec) =>
          row(
            `weights at ${prec}`,
            c.memory.map((x) =>
              x[prec] === null ? '' : `${gib(x[prec] as number)}${x.basis === 'stated total' ? '*' : ''}`,
            ),
          ),
        )}
      </tbody>
    </table>
  `;
}

/** The benchmarks every compared model reports, with each score's difference from the reference. */
function SharedBenchmarks({ c }: { c: ModelComparison }) {
  if (c.benchmarks.length === 0) return html`<${Empty}>These models share no benchmark in the catalog.<//>`;
  return html`<table data-testid="compare-benchmarks">
    <thead><tr><th scope="col">benchmark</th>${c.models.map((m) => html`<th scope="col">${m.name}</th>`)}</tr></thead>
    <tbody>
      ${c.benchmarks.map(
        (b) => html`<tr>
          <th scope="row">${b.benchmark} <small>(${b.metric})</small></th>
          ${c.models.map((m, i) => {
            const s = b.scores[m.id];
            const d = b.deltas[m.id];
            return html`<td>${s ?? '—'}${i > 0 && d !== null && d !== undefined ? html` <small class=${d >= 0 ? 'up' : 'down'}>(${d >= 0 ? '+' : ''}${d})</small>` : null}</td>`;
          })}
        </tr>`,
      )}
    </tbody>
  </table>`;
}
