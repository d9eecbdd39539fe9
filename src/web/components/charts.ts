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

/** Open and closed weights: green for released weights, grey for API-only, pale for rows nobody could place. */
const WEIGHTS_COLORS: Record<string, string> = { open: '#2ca02c', closed: '#7f7f7f', unknown: '#dddddd' };

function colorScale(groups: string[], byCountry: boolean | Record<string, string>, label: string) {
  const domain = [...new Set(groups)].sort();
  if (!byCountry) return { legend: true, label, domain, scheme: 'tableau10' as const };
  const fixed = byCountry === true ? COUNTRY_COLORS : byCountry;
  const spare = ['#aaaaaa', '#c49c94', '#dbdb8d', '#9edae5', '#f7b6d2', '#7f7f7f'];
  return {
    legend: true,
    label,
    domain,
    range: domain.map((g, i) => fixed[g] ?? spare[i % spare.length]),
  };
}

/** A board snapshot's date (`YYYY-MM-DD`) as a UTC date for a time axis. */
function day(at: string): Date {
  return new Date(`${at}T00:00:00Z`);
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

/**
 * Shares of a board's top N per group (country, open/closed) over its snapshots, stacked so that each date sums to
 * the share the groups cover. Groups missing at a date count as 0 there, so the areas stack without gaps.
 */
export function shareAreas(
  rows: { at: string; group: string; share: number; count: number }[],
  opts: { width?: number; groupLabel: string; top: number },
): Element {
  const groups = [...new Set(rows.map((r) => r.group))];
  const ats = [...new Set(rows.map((r) => r.at))].sort();
  const seen = new Map(rows.map((r) => [`${r.at}\u0000${r.group}`, r]));
  const dense = ats.flatMap((at) =>
    groups.map((group) => seen.get(`${at}\u0000${group}`) ?? { at, group, share: 0, count: 0 }),
  );
  const data = dense.map((r) => ({ ...r, date: day(r.at) }));
  const title = (d: (typeof data)[number]) =>
    `${d.group}, ${d.at}: ${d.count} of the top ${opts.top} (${(100 * d.share).toFixed(1)}%)`;
  const color = colorScale(
    groups,
    opts.groupLabel === 'country' ? true : opts.groupLabel === 'weights' ? WEIGHTS_COLORS : false,
    opts.groupLabel,
  );
  // One snapshot has no extent in time: a stacked bar shows it where an area would be a line.
  const single = ats.length < 2;
  return Plot.plot({
    width: opts.width ?? WIDTH,
    height: 320,
    marginLeft: 50,
    x: single ? { type: 'band', label: null } : { type: 'utc', label: 'snapshot', grid: true },
    y: { label: `share of the top ${opts.top}`, domain: [0, 1], tickFormat: '%', grid: true },
    color,
    marks: [
      single
        ? Plot.barY(data, { x: 'at', y: 'share', fill: 'group', order: groups, title })
        : Plot.areaY(data, { x: 'date', y: 'share', fill: 'group', order: groups }),
      single
        ? null
        : Plot.tip(
            data,
            Plot.pointerX(Plot.stackY({ x: 'date', y: 'share', z: 'group', order: groups, title })),
          ),
      single ? null : Plot.ruleX(ats.map(day), { stroke: '#fff', strokeOpacity: 0.5 }),
      Plot.ruleY([0]),
    ],
  });
}

/** Scores over snapshots, one line per series (a country, or best open against best closed), each point named. */
export function scoreLines(
  rows: { at: string; series: string; score: number; name: string }[],
  opts: { width?: number; seriesLabel: string; yLabel: string; byCountry?: boolean },
): Element {
  const data = rows.map((r) => ({ ...r, date: day(r.at) }));
  return Plot.plot({
    width: opts.width ?? WIDTH,
    height: 320,
    marginLeft: 50,
    marginRight: 120,
    x: { type: 'utc', label: 'snapshot', grid: true },
    y: { label: opts.yLabel, grid: true, zero: false },
    color: colorScale(
      rows.map((r) => r.series),
      opts.byCountry ? true : { 'best open': WEIGHTS_COLORS.open ?? '', 'best closed': '#333333' },
      opts.seriesLabel,
    ),
    marks: [
      Plot.line(data, { x: 'date', y: 'score', stroke: 'series' }),
      Plot.dot(data, { x: 'date', y: 'score', fill: 'series', r: 3 }),
      Plot.text(
        data,
        Plot.selectLast({
          x: 'date',
          y: 'score',
          z: 'series',
          text: 'name',
          dx: 6,
          textAnchor: 'start',
          fontSize: 10,
        }),
      ),
      Plot.tip(
        data,
        Plot.pointer({ x: 'date', y: 'score', title: (d) => `${d.series}, ${d.at}\n${d.name}: ${d.score}` }),
      ),
    ],
  });
}

/** The best closed model's score minus the best open one's, per snapshot; 0 is parity. */
export function gapLine(
  rows: { at: string; gap: number }[],
  opts: { width?: number; yLabel: string },
): Element {
  const data = rows.map((r) => ({ ...r, date: day(r.at) }));
  return Plot.plot({
    width: opts.width ?? WIDTH,
    height: 260,
    marginLeft: 50,
    marginRight: 60,
    x: { type: 'utc', label: 'snapshot', grid: true },
    y: { label: opts.yLabel, grid: true },
    marks: [
      Plot.ruleY([0], { stroke: '#999' }),
      Plot.line(data, { x: 'date', y: 'gap', stroke: '#fca311', strokeWidth: 2 }),
      Plot.dot(data, {
        x: 'date',
        y: 'gap',
        fill: '#fca311',
        r: 3,
        tip: true,
        title: (d) => `${d.at}: gap ${d.gap}`,
      }),
      Plot.text(
        data,
        Plot.selectLast({ x: 'date', y: 'gap', text: (d) => String(d.gap), dx: 6, textAnchor: 'start' }),
      ),
    ],
  });
}

/** A published figure's date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) at the start of the period it names. */
function periodStart(asOf: string): Date {
  const [y, m = '01', d = '01'] = asOf.split('-');
  return new Date(`${y}-${m}-${d}T00:00:00Z`);
}

/** Published adoption figures of one metric over time, one line per subject (and scope); shares drawn as percents. */
export function adoptionLines(
  rows: { asOf: string; series: string; value: number; text: string }[],
  opts: { width?: number; unit: string },
): Element {
  const data = rows.map((r) => ({ ...r, date: periodStart(r.asOf) }));
  const share = opts.unit === 'fraction';
  return Plot.plot({
    width: opts.width ?? WIDTH,
    height: 300,
    marginLeft: 60,
    marginRight: 140,
    x: { type: 'utc', label: 'as of', grid: true },
    y: {
      label: share ? 'share' : opts.unit,
      grid: true,
      tickFormat: share ? '%' : (n: number) => humanCount(n),
      zero: true,
    },
    color: colorScale(
      rows.map((r) => r.series),
      false,
      'subject',
    ),
    marks: [
      Plot.line(data, { x: 'date', y: 'value', stroke: 'series' }),
      Plot.dot(data, { x: 'date', y: 'value', fill: 'series', r: 4 }),
      Plot.text(
        data,
        Plot.selectLast({
          x: 'date',
          y: 'value',
          z: 'series',
          text: 'series',
          dx: 6,
          textAnchor: 'start',
          fontSize: 10,
        }),
      ),
      Plot.tip(
        data,
        Plot.pointer({ x: 'date', y: 'value', title: (d) => `${d.series}, ${d.asOf}\n${d.text}` }),
      ),
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
