import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { humanCount } from '../../domain/format.ts';
import { useApi } from '../api.ts';
import { Async, Empty } from '../components/ui.ts';
import { navigate } from '../router.ts';
import type { ModelSummary, Page } from '../types.ts';

const FACETS: { field: string; label: string }[] = [
  { field: 'country', label: 'Country' },
  { field: 'org', label: 'Organisation' },
  { field: 'modality', label: 'Modality' },
  { field: 'task', label: 'Task' },
  { field: 'license_class', label: 'Licence class' },
  { field: 'size', label: 'Size (total parameters)' },
  { field: 'weights', label: 'Weights' },
  { field: 'architecture', label: 'Architecture' },
];

const SORTS: [string, string][] = [
  ['-released', 'newest first'],
  ['released', 'oldest first'],
  ['-params_total', 'largest first'],
  ['params_total', 'smallest first'],
  ['-params_active', 'most active parameters'],
  ['name', 'name'],
];

export function ModelsPage({ query }: { query: URLSearchParams }) {
  // The page's query string is the API's: filters, sort and cursor.
  const api = new URLSearchParams(query);
  if (!api.has('limit')) api.set('limit', '50');
  for (const f of FACETS) api.append('facet', f.field);
  const page = useApi<Page<ModelSummary>>(`/api/models?${api}`);
  const active = [...query].filter(([k]) => k !== 'cursor' && k !== 'sort');
  const go = (next: URLSearchParams) => {
    next.delete('cursor');
    navigate(`/models${next.size ? `?${next}` : ''}`);
  };

  return html`
    <h1>Models</h1>
    <div class="with-sidebar">
      <aside aria-label="Filters">
        <${SearchBox} query=${query} go=${go} />
        ${page.state === 'ok' && page.data.facets ? html`<${Facets} facets=${page.data.facets} query=${query} go=${go} />` : null}
      </aside>
      <section>
        <${Toolbar} query=${query} go=${go} filtered=${active.length > 0} />
        <${Async} result=${page} what="models">
          ${(p: Page<ModelSummary>) => html`
            <p data-testid="models-total" class="muted">${p.total} models${active.length ? ' match' : ''}</p>
            ${p.rows.length === 0 ? html`<${Empty}>No model matches these filters.<//>` : html`<${ModelsTable} rows=${p.rows} />`}
            <${Pager} query=${query} next=${p.next} />
          `}
        <//>
      </section>
    </div>
  `;
}

type Go = (next: URLSearchParams) => void;

/** Searches names and aliases; the box follows the page's `q` when it changes by navigation. */
function SearchBox({ query, go }: { query: URLSearchParams; go: Go }) {
  const [search, setSearch] = useState(query.get('q') ?? '');
  useEffect(() => setSearch(query.get('q') ?? ''), [query.get('q')]);
  return html`
    <form
      role="search"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        const next = new URLSearchParams(query);
        if (search.trim()) next.set('q', search.trim());
        else next.delete('q');
        go(next);
      }}
    >
      <label for="q">Search names and aliases</label>
      <input id="q" type="search" value=${search} onInput=${(e: Event) => setSearch((e.target as HTMLInputElement).value)} />
      <button type="submit">Search</button>
    </form>
  `;
}

/** A checkbox per value of each facet (its top 12), toggling that value in the page's filters. */
function Facets({
  facets,
  query,
  go,
}: {
  facets: NonNullable<Page<ModelSummary>['facets']>;
  query: URLSearchParams;
  go: Go;
}) {
  const toggle = (field: string, value: string) => {
    const next = new URLSearchParams(query);
    const values = next.getAll(field);
    next.delete(field);
    for (const v of values) if (v !== value) next.append(field, v);
    if (!values.includes(value)) next.append(field, value);
    go(next);
  };
  return html`${FACETS.map(
    (f) => html`
      <fieldset class="facet" data-facet=${f.field}>
        <legend>${f.label}</legend>
        ${(facets[f.field] ?? []).slice(0, 12).map((v) => {
          const value = String(v.value ?? 'unknown');
          const id = `facet-${f.field}-${value}`.replace(/[^\w-]/g, '_');
          const checked = query.getAll(f.field).includes(value);
          return html`<div>
            <input type="checkbox" id=${id} checked=${checked} onChange=${() => toggle(f.field, value)} disabled=${v.value === null && f.field !== 'size'} />
            <label for=${id}>${value} <span class="count">(${v.count})</span></label>
          </div>`;
        })}
      </fieldset>
    `,
  )}`;
}

/** Sort order, a way back to no filters, and the CSV export of what is shown. */
function Toolbar({ query, go, filtered }: { query: URLSearchParams; go: Go; filtered: boolean }) {
  const csv = new URLSearchParams(query);
  csv.delete('cursor');
  csv.set('limit', '1000');
  csv.set('format', 'csv');
  return html`
    <div class="toolbar">
      <label>Sort
        <select
          value=${query.get('sort') ?? '-released'}
          onChange=${(e: Event) => {
            const next = new URLSearchParams(query);
            next.set('sort', (e.target as HTMLSelectElement).value);
            go(next);
          }}
        >
          ${SORTS.map(([v, label]) => html`<option value=${v}>${label}</option>`)}
        </select>
      </label>
      ${filtered ? html`<a href="/models">Clear filters</a>` : null}
      <a href=${`/api/models?${csv}`} download="models.csv">Export CSV</a>
    </div>
  `;
}

/** One page of models: a row each, linking to the model's page. */
function ModelsTable({ rows }: { rows: ModelSummary[] }) {
  return html`<table data-testid="models-table">
    <thead>
      <tr>
        <th scope="col">model</th><th scope="col">makers</th><th scope="col">country</th><th scope="col">released</th>
        <th scope="col" class="num">params</th><th scope="col" class="num">active</th><th scope="col">licence</th><th scope="col">in → out</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (m) => html`<tr>
          <td><a href=${`/models/${m.id}`}>${m.name}</a><br /><small class="muted">${m.id}</small></td>
          <td>${m.organizations.map((o) => o.name).join(', ')}</td>
          <td>${m.countries.join(', ')}</td>
          <td>${m.released ?? ''}</td>
          <td class="num">${humanCount(m.parameters.total)}</td>
          <td class="num">${m.architecture === 'moe' ? humanCount(m.parameters.active) : ''}</td>
          <td>${m.license.id}${m.weights === 'open' ? '' : html` <em>(${m.weights})</em>`}</td>
          <td>${m.modalities.input.join('+')} → ${m.modalities.output.join('+')}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Back through the browser's history, forward by the API's cursor. */
function Pager({ query, next }: { query: URLSearchParams; next: string | null }) {
  let nextPage: URLSearchParams | null = null;
  if (next) {
    nextPage = new URLSearchParams(query);
    nextPage.set('cursor', new URL(next, location.origin).searchParams.get('cursor') ?? '');
  }
  return html`
    <nav class="pager" aria-label="Pages">
      ${query.has('cursor') ? html`<button type="button" onClick=${() => history.back()}>Previous page</button>` : null}
      ${nextPage ? html`<a href=${`/models?${nextPage}`}>Next page</a>` : null}
    </nav>
  `;
}
