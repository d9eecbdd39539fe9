import * as Plot from '@observablehq/plot';
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { humanCount } from '../../domain/format.ts';

// Charts are functions (data, options) => element; Plot writes every label as text, never as HTML.

const WIDTH = 720;

/** Fixed colours per country, so CN is the same red on every chart; other groups fall back to a scheme. */
const COUNTRY_COLORS: Record<string, string> = {
  CN: '#d62728',
  US: '#1f77b4',
  FR: '#9467bd',
  GB: '#8c564b',
  DE: '#333333',
  CA: '#e377c2',
  AE: '#2ca02c',
  KR: '#17becf',
  JP: '#bcbd22',
  CH: '#ff7f0e',
  IL: '#6b6ecf',
  IN: '#ffbb78',
  SG: '#98df8a',
  TW: '#c5b0d5',
};

function colorScale(groups: string[], byCountry: boolean, label: string) {
  const domain = [...new Set(groups)].sort();
  if (!byCountry) return { legend: true, label, domain, scheme: 'tableau10' as const };
  const spare = ['#aaaaaa', '#c49c94', '#dbdb8d', '#9edae5', '#f7b6d2', '#7f7f7f'];
  return {
    legend: true,
    label,
    domain,
    range: domain.map((g, i) => COUNTRY_COLORS[g] ?? spare[i % spare.length]),
  };
}

export function stackedReleases(
  rows: { period: string; group: string | null; count: number }[],
  opts: { width?: number; groupLabel: string },
): Element {
  return Plot.plot({
    width: opts.width ?? WIDTH,
    height: 300,
    marginBottom: 50,
    x: { type: 'band', label: null, tickRotate: rows.length > 40 ? -45 : 0 },
    y: { label: 'releases', grid: true },
    color: colorScale(
      rows.map((r) => r.group ?? 'unknown'),
      opts.groupLabel === 'country',
      opts.groupLabel,
    ),
    marks: [
      Plot.barY(rows, {
        x: 'period',
        y: 'count',
        fill: (d) => d.group ?? 'unknown',
        tip: true,
        title: (d) => `${d.group ?? 'unknown'}, ${d.period}: ${d.count}`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

export function shareBars(
  rows: { label: string; value: number }[],
  opts: { width?: number; label: string; format?: (n: number) => string },
): Element {
  const format = opts.format ?? ((n: number) => String(n));
  return Plot.plot({
    width: opts.width ?? 360,
    height: Math.max(80, rows.length * 22 + 40),
    marginLeft: 110,
    marginRight: 48,
    x: { label: opts.label, grid: true, tickFormat: format },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.barX(rows, {
        x: 'value',
        y: 'label',
        fill: 'steelblue',
        title: (d) => `${d.label}: ${format(d.value)}`,
      }),
      Plot.text(rows, {
        x: 'value',
        y: 'label',
        text: (d) => format(d.value),
        dx: 4,
        textAnchor: 'start',
        fontSize: 10,
      }),
      Plot.ruleX([0]),
    ],
  });
}

export interface ScatterPoint {
  id: string;
  name: string;
  country: string;
  x: number;
  y: number;
  onFrontier: boolean;
}

export function frontierScatter(
  points: ScatterPoint[],
  opts: { width?: number; xLabel: string; yLabel: string },
): Element {
  const frontier = points.filter((p) => p.onFrontier).sort((a, b) => a.x - b.x);
  return Plot.plot({
    width: opts.width ?? WIDTH,
    height: 420,
    marginLeft: 60,
    marginRight: 90,
    grid: true,
    x: { type: 'log', label: opts.xLabel, tickFormat: (n: number) => humanCount(n) },
    y: { label: opts.yLabel },
    color: colorScale(
      points.map((p) => p.country),
      true,
      'country',
    ),
    marks: [
      Plot.line(frontier, { x: 'x', y: 'y', stroke: '#555', strokeDasharray: '4,3' }),
      Plot.dot(points, {
        x: 'x',
        y: 'y',
        fill: 'country',
        r: (d) => (d.onFrontier ? 6 : 4),
        stroke: (d) => (d.onFrontier ? 'black' : 'none'),
      }),
      Plot.text(frontier, { x: 'x', y: 'y', text: 'name', dy: -10, fontSize: 10 }),
      Plot.tip(
        points,
        Plot.pointer({
          x: 'x',
          y: 'y',
          title: (d) =>
            `${d.name} (${d.country})\n${humanCount(d.x)} parameters\nscore ${d.y}${d.onFrontier ? '\non the frontier' : ''}`,
        }),
      ),
    ],
  });
}

export function releaseDots(
  rows: { name: string; date: Date; family: string; total: number | null }[],
  opts: { width?: number },
): Element {
  const families = [...new Set(rows.map((r) => r.family))];
  return Plot.plot({
    width: opts.width ?? WIDTH,
    height: Math.max(120, families.length * 24 + 60),
    marginLeft: 140,
    x: { type: 'utc', label: 'released', grid: true },
    y: { label: null, domain: families },
    r: { range: [3, 12] },
    marks: [
      Plot.dot(rows, {
        x: 'date',
        y: 'family',
        r: (d) => d.total ?? 1e9,
        fill: 'steelblue',
        fillOpacity: 0.6,
        tip: true,
        title: (d) =>
          `${d.name}\n${d.date.toISOString().slice(0, 10)}${d.total ? `\n${humanCount(d.total)} parameters` : ''}`,
      }),
    ],
  });
}

/** Mounts a chart element; `label` is the accessible description. */
export function Chart({ make, label, deps }: { make: () => Element; label: string; deps: unknown[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = make();
    ref.current?.replaceChildren(el);
    return () => el.remove();
    // The caller names what the chart depends on (`deps`).
  }, deps);
  return html`<div class="chart" role="img" aria-label=${label} ref=${ref}></div>`;
}
