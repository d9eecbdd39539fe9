import { html } from 'htm/preact';
import { humanCount } from '../../domain/format.ts';
import { useApi } from '../api.ts';
import { Chart, frontierScatter } from '../components/charts.ts';
import { Async, Empty } from '../components/ui.ts';
import { navigate } from '../router.ts';

interface Frontier {
  benchmark: string;
  metric: string | null;
  metrics: { metric: string; models: number }[];
  x: 'active' | 'total';
  points: {
    id: string;
    name: string;
    countries: string[];
    total: number | null;
    active: number | null;
    score: number;
    variant: string;
    onFrontier: boolean;
  }[];
  frontier: string[];
  withoutParameters: string[];
}

interface BenchmarkRow {
  benchmark: string;
  metric: string;
  models: number;
}

export function EfficiencyPage({ query }: { query: URLSearchParams }) {
  const benchmarks = useApi<{ rows: BenchmarkRow[] }>('/api/benchmarks');
  const first = benchmarks.state === 'ok' ? benchmarks.data.rows[0] : undefined;
  const benchmark = query.get('benchmark') ?? first?.benchmark ?? null;
  const metric = query.get('metric') ?? (query.get('benchmark') ? null : (first?.metric ?? null));
  const x = query.get('x') === 'total' ? 'total' : 'active';
  const params = new URLSearchParams();
  if (benchmark) params.set('benchmark', benchmark);
  if (metric) params.set('metric', metric);
  params.set('x', x);
  const frontier = useApi<Frontier>(benchmark ? `/api/frontier?${params}` : null);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    if (key === 'benchmark') {
      const [b, m] = value.split('\u0000');
      next.set('benchmark', b ?? '');
      next.set('metric', m ?? '');
    }
    navigate(`/efficiency?${next}`, true);
  };
  return html`
    <h1>Efficiency: score against size</h1>
    <${Async} result=${benchmarks} what="benchmarks">
      ${(b: { rows: BenchmarkRow[] }) =>
        b.rows.length === 0
          ? html`<${Empty}>The catalog has no benchmark results yet.<//>`
          : html`<${FrontierPicker} rows=${b.rows} benchmark=${benchmark} metric=${metric} x=${x} set=${set} />`}
    <//>
    ${
      benchmark
        ? html`<${Async} result=${frontier} what="the frontier">
          ${(f: Frontier) =>
            f.points.length === 0
              ? html`<${Empty}>No model with a known size reports ${f.benchmark} (${f.metric}).<//>`
              : html`<${FrontierView} f=${f} />`}
        <//>`
        : null
    }
  `;
}

/** Which benchmark (with its metric) and which parameter count the frontier is drawn for. */
function FrontierPicker({
  rows,
  benchmark,
  metric,
  x,
  set,
}: {
  rows: BenchmarkRow[];
  benchmark: string | null;
  metric: string | null;
  x: Frontier['x'];
  set: (key: string, value: string) => void;
}) {
  return html`
    <div class="toolbar">
      <label>Benchmark
        <select value=${`${benchmark}\u0000${metric}`} onChange=${(e: Event) => set('benchmark', (e.target as HTMLSelectElement).value)}>
          ${rows.map((r) => html`<option value=${`${r.benchmark}\u0000${r.metric}`}>${r.benchmark} · ${r.metric} (${r.models} models)</option>`)}
        </select>
      </label>
      <label>Parameters
        <select value=${x} onChange=${(e: Event) => set('x', (e.target as HTMLSelectElement).value)}>
          <option value="active">active per token</option>
          <option value="total">total</option>
        </select>
      </label>
    </div>
  `;
}

/** The scatter with its Pareto frontier, and the models on the frontier as a table. */
function FrontierView({ f }: { f: Frontier }) {
  return html`
    <${Chart}
      label=${`${f.benchmark} against ${f.x} parameters; Pareto frontier highlighted`}
      deps=${[f]}
      make=${() =>
        frontierScatter(
          f.points.map((p) => ({
            id: p.id,
            name: p.name,
            country: p.countries.join('+'),
            x: p[f.x] as number,
            y: p.score,
            onFrontier: p.onFrontier,
          })),
          { xLabel: `${f.x} parameters (log)`, yLabel: `${f.benchmark} (${f.metric})` },
        )}
    />
    <h2>On the frontier</h2>
    <p class="muted">No other model in the catalog scores higher on ${f.benchmark} (${f.metric}) with fewer ${f.x} parameters.</p>
    <${VariantWarning} points=${f.points} />
    <table data-testid="frontier-table">
      <thead><tr><th scope="col">model</th><th scope="col">country</th><th scope="col" class="num">${f.x} parameters</th><th scope="col" class="num">score</th><th scope="col">variant</th></tr></thead>
      <tbody>
        ${f.points
          .filter((p) => p.onFrontier)
          .sort((a, b) => (a[f.x] as number) - (b[f.x] as number))
          .map(
            (p) =>
              html`<tr><td><a href=${`/models/${p.id}`}>${p.name}</a></td><td>${p.countries.join(', ')}</td><td class="num">${humanCount(p[f.x])}</td><td class="num">${p.score}</td><td>${p.variant}</td></tr>`,
          )}
      </tbody>
    </table>
    ${f.withoutParameters.length > 0 ? html`<p class="muted">Not plotted (size unknown): ${f.withoutParameters.join(', ')}</p>` : null}
  `;
}

/** Warns when makers report the benchmark in different settings, whose scores do not compare strictly. */
function VariantWarning({ points }: { points: Frontier['points'] }) {
  const variants = [...new Set(points.map((p) => p.variant).filter((v) => v !== ''))];
  if (variants.length <= 1) return null;
  return html`<p class="warning" role="note" data-testid="variant-warning">
    Makers report this benchmark in ${variants.length} different settings (${variants.slice(0, 4).join('; ')}${variants.length > 4 ? '; …' : ''}):
    scores are not strictly comparable across them. See each model's variant below.
  </p>`;
}
