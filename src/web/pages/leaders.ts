import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { humanCount, percent } from '../../domain/format.ts';
import { leadersApi, useApi } from '../api.ts';
import { adoptionLines, Chart, gapLine, scoreLines, shareAreas } from '../components/charts.ts';
import { Async, Empty, ExternalLink, Figure } from '../components/ui.ts';
import { navigate } from '../router.ts';
import type {
  Adoption,
  AdoptionFact,
  BoardInfo,
  Boards,
  LeaderShare,
  LeadersAt,
  LeadersBest,
  LeadersOverTime,
} from '../types.ts';

/** The sizes of a board's top the page offers; 100 is the usual "top 100" of press coverage. */
const TOPS = [10, 20, 50, 100] as const;
const DEFAULT_BOARD = 'lmarena-text';

export function LeadersPage({ query }: { query: URLSearchParams }) {
  const boards = useApi<Boards>(leadersApi.boards());
  const topAsked = Number(query.get('top'));
  const top = (TOPS as readonly number[]).includes(topAsked) ? topAsked : 100;
  const set = (key: 'board' | 'top', value: string) => {
    const next = new URLSearchParams(query);
    next.set(key, value);
    navigate(`/leaders?${next}`, true);
  };
  return html`
    <h1>Who leads the leaderboards</h1>
    <p class="lead">
      Each figure below is computed from dated snapshots of a public leaderboard, every row resolved to a catalog
      model and its maker's country. Open means the catalog records the weights as released; the board's own licence
      column is used only for rows the catalog cannot place.
    </p>
    <${Async} result=${boards} what="leaderboards">
      ${(b: Boards) => {
        const withSnapshots = b.boards.filter((x) => x.snapshots.length > 0);
        const asked = query.get('board');
        const board = asked
          ? b.boards.find((x) => x.id === asked)
          : (withSnapshots.find((x) => x.id === DEFAULT_BOARD) ?? withSnapshots[0]);
        if (withSnapshots.length === 0)
          return html`<${Empty}>No leaderboard snapshot is loaded. Import one with <code>omo import leaderboard</code>.<//>`;
        return html`
          <${BoardPicker} boards=${withSnapshots} board=${board?.id ?? asked} top=${top} set=${set} />
          ${
            board
              ? html`<${BoardView} key=${`${board.id}/${top}`} board=${board} top=${top} />`
              : html`<${Empty}>No board called “${asked}”.<//>`
          }
        `;
      }}
    <//>
    <${AdoptionFigures} />
  `;
}

function BoardPicker({
  boards,
  board,
  top,
  set,
}: {
  boards: BoardInfo[];
  board: string | null;
  top: number;
  set: (key: 'board' | 'top', value: string) => void;
}) {
  return html`
    <div class="toolbar">
      <label>Board
        <select value=${board ?? ''} onChange=${(e: Event) => set('board', (e.target as HTMLSelectElement).value)}>
          ${boards.map((b) => html`<option value=${b.id}>${b.name} (${b.snapshots.length} snapshots)</option>`)}
        </select>
      </label>
      <label>Top
        <select value=${String(top)} onChange=${(e: Event) => set('top', (e.target as HTMLSelectElement).value)}>
          ${TOPS.map((n) => html`<option value=${String(n)}>${n}</option>`)}
        </select>
      </label>
    </div>
  `;
}

function BoardView({ board, top }: { board: BoardInfo; top: number }) {
  const dates = board.snapshots.map((s) => s.at).sort();
  return html`
    <p class="muted" data-testid="board-summary">
      <${ExternalLink} href=${board.url}>${board.name}<//>
      ${` (${board.kind}): ${board.snapshots.length} ${board.snapshots.length === 1 ? 'snapshot' : 'snapshots'}, ${dates[0]} to ${dates.at(-1)}.`}
    </p>
    <${CountryShares} board=${board} top=${top} />
    <${OpenClosed} board=${board} top=${top} />
    <${Best} board=${board} />
  `;
}

/** `null` groups are rows the board lists but no country (or weights) could be given to. */
const groupName = (g: string | null) => g ?? 'unknown';

function flatten(series: LeadersOverTime['series']) {
  return series.flatMap((s) =>
    s.rows.map((r: LeaderShare) => ({ at: s.at, group: groupName(r.group), share: r.share, count: r.count })),
  );
}

/** Share of the board's top N per country of the maker, over the board's snapshots. */
function CountryShares({ board, top }: { board: BoardInfo; top: number }) {
  const answer = useApi<LeadersOverTime>(leadersApi.overTime(board.id, top, 'country'));
  return html`
    <section data-testid="country-shares">
      <h2>Top ${top} of ${board.name} by the maker's country</h2>
      <${Async} result=${answer} what="country shares">
        ${(a: LeadersOverTime) =>
          a.series.length === 0
            ? html`<${Empty}>No snapshot of this board.<//>`
            : html`
              <${Chart}
                label=${`Share of the top ${top} of ${board.name} per country, by snapshot`}
                deps=${[a]}
                make=${() => shareAreas(flatten(a.series), { groupLabel: 'country', top })}
              />
              <${ShortSnapshots} series=${a.series} top=${top} />
              <${SnapshotTable}
                board=${board}
                ats=${a.series.map((s) => s.at)}
                testid="snapshots-country"
                head=${`top ${top} by country`}
                cell=${(at: string) => {
                  const s = a.series.find((x) => x.at === at);
                  return s
                    ? html`${short(s, top)}${countsText(s.rows)}${s.unresolved ? html`; <strong>${s.unresolved} unresolved</strong>` : null}`
                    : null;
                }}
              />
              <${Unresolved} board=${board} top=${top} />
            `}
      <//>
    </section>
  `;
}

/** The latest snapshot's rows in the top N that resolve to no maker: listed, never dropped without a word. */
function Unresolved({ board, top }: { board: BoardInfo; top: number }) {
  const answer = useApi<LeadersAt>(leadersApi.at(board.id, top, 'country'));
  if (answer.state !== 'ok') return null;
  const a = answer.data;
  return html`
    <p class="muted" data-testid="resolved">
      ${`On ${a.at}, ${a.resolved.model} of the top ${a.resolved.total} rows resolve to a catalog model and ${a.resolved.org} to a maker.`}
    </p>
    ${
      a.unresolved.length > 0
        ? html`<p data-testid="unresolved">Unresolved on ${a.at}: ${a.unresolved.map(
            (u, i) =>
              html`${i ? ', ' : ''}<span>#${u.rank} ${u.name} (${u.org ? `maker ${u.org}` : u.board_org ? `board says “${u.board_org}”` : 'maker unknown'})</span>`,
          )}</p>`
        : null
    }
  `;
}

/** Marks a snapshot whose board lists fewer rows than N: its shares are of those rows only. */
function short(s: { total: number }, top: number) {
  return s.total < top ? html`<strong>only ${s.total} rows</strong>; ` : null;
}

/** Says which snapshots have fewer rows than N, since their shares are of fewer models. */
function ShortSnapshots({ series, top }: { series: LeadersOverTime['series']; top: number }) {
  const few = series.filter((s) => s.total < top);
  if (few.length === 0) return null;
  return html`<p class="warning" role="note" data-testid="short-snapshots">
    ${`${few.length === 1 ? 'One snapshot lists' : `${few.length} snapshots list`} fewer than ${top} rows, so ${few.length === 1 ? 'its' : 'their'} shares are of fewer models: `}
    ${few.map((s) => `${s.at} (${s.total} rows)`).join(', ')}.
  </p>`;
}

/** "CN 41 · US 52", largest first. */
function countsText(rows: LeaderShare[]): string {
  return [...rows]
    .sort((x, y) => y.count - x.count)
    .map((r) => `${groupName(r.group)} ${r.count}`)
    .join(' · ');
}

/** Share of the top N whose weights are released (per the catalog) against API-only models. */
function OpenClosed({ board, top }: { board: BoardInfo; top: number }) {
  const answer = useApi<LeadersOverTime>(leadersApi.overTime(board.id, top, 'weights'));
  return html`
    <section data-testid="open-closed">
      <h2>Open against closed weights in the top ${top}</h2>
      <${Async} result=${answer} what="open and closed shares">
        ${(a: LeadersOverTime) =>
          a.series.length === 0
            ? html`<${Empty}>No snapshot of this board.<//>`
            : html`
              <${Chart}
                label=${`Share of the top ${top} of ${board.name} with open and closed weights, by snapshot`}
                deps=${[a]}
                make=${() => shareAreas(flatten(a.series), { groupLabel: 'weights', top })}
              />
              <${ShortSnapshots} series=${a.series} top=${top} />
              <${SnapshotTable}
                board=${board}
                ats=${a.series.map((s) => s.at)}
                testid="snapshots-weights"
                head="open share"
                cell=${(at: string) => {
                  const s = a.series.find((x) => x.at === at);
                  const rows = s?.rows ?? [];
                  const open = rows.find((r) => r.group === 'open');
                  return html`${s ? short(s, top) : null}${percent(open?.share ?? 0)} (${countsText(rows)})`;
                }}
              />
            `}
      <//>
    </section>
  `;
}

/** The best model per country, and the best open and best closed with the gap between them, per snapshot. */
function Best({ board }: { board: BoardInfo }) {
  const answer = useApi<LeadersBest>(leadersApi.best(board.id));
  return html`
    <${Async} result=${answer} what="the best models">
      ${(a: LeadersBest) =>
        a.snapshots.length === 0
          ? html`<${Empty}>No snapshot of this board.<//>`
          : html`<${BestPerCountry} board=${board} best=${a} /><${Gap} board=${board} best=${a} />`}
    <//>
  `;
}

function BestPerCountry({ board, best }: { board: BoardInfo; best: LeadersBest }) {
  const rows = best.snapshots.flatMap((s) =>
    s.open_by_country
      .filter((c) => c.score !== null)
      .map((c) => ({ at: s.at, series: c.country, score: c.score as number, name: c.name })),
  );
  return html`
    <section data-testid="best-by-country">
      <h2>The best open model of each country</h2>
      <p class="muted">The best-placed model with released weights (per the catalog) of each maker's country, per snapshot.</p>
      ${
        rows.length === 0
          ? html`<${Empty}>No scored open model in any snapshot.<//>`
          : html`<${Chart}
              label=${`Score of the best open model of each country on ${board.name}, by snapshot`}
              deps=${[best]}
              make=${() => scoreLines(rows, { seriesLabel: 'country', yLabel: 'score', byCountry: true })}
            />`
      }
      <${SnapshotTable}
        board=${board}
        ats=${best.snapshots.map((s) => s.at)}
        testid="snapshots-best"
        head="best open model per country"
        cell=${(at: string) =>
          rows
            .filter((r) => r.at === at)
            .sort((x, y) => y.score - x.score)
            .map(
              (r, i) =>
                html`${i ? ' · ' : ''}<span data-testid="best-entry">${r.series}: ${r.name} (${r.score})</span>`,
            )}
      />
    </section>
  `;
}

function Gap({ board, best }: { board: BoardInfo; best: LeadersBest }) {
  const gaps = best.snapshots.flatMap((s) => (s.gap === null ? [] : [{ at: s.at, gap: s.gap }]));
  const latest = best.snapshots.at(-1);
  const lines = best.snapshots.flatMap((s) =>
    (
      [
        ['best open', s.best_open],
        ['best closed', s.best_closed],
      ] as const
    ).flatMap(([series, m]) =>
      m && m.score !== null ? [{ at: s.at, series, score: m.score, name: m.name }] : [],
    ),
  );
  return html`
    <section data-testid="gap">
      <h2>The gap between the best closed and the best open model</h2>
      <p class="muted">The best closed model's score minus the best open model's: positive while a closed model leads, negative when an open one is ahead.</p>
      ${
        latest
          ? html`<dl class="figures">
              <${Figure} label=${`gap on ${latest.at}`} value=${latest.gap === null ? 'n/a' : String(latest.gap)} testid="gap-latest" />
              <${Figure} label="best open" value=${latest.best_open?.name ?? 'none'} testid="best-open-latest" note=${latest.best_open?.score == null ? '' : `score ${latest.best_open.score}`} />
              <${Figure} label="best closed" value=${latest.best_closed?.name ?? 'none'} testid="best-closed-latest" note=${latest.best_closed?.score == null ? '' : `score ${latest.best_closed.score}`} />
            </dl>`
          : null
      }
      ${
        gaps.length === 0
          ? html`<${Empty}>No snapshot has both a scored open and a scored closed model.<//>`
          : html`
            <${Chart}
              label=${`Score gap between the best closed and the best open model on ${board.name}, by snapshot`}
              deps=${[best]}
              make=${() => gapLine(gaps, { yLabel: 'score gap (closed − open)' })}
            />
            <${Chart}
              label=${`Scores of the best open and the best closed model on ${board.name}, by snapshot`}
              deps=${[best]}
              make=${() => scoreLines(lines, { seriesLabel: 'model', yLabel: 'score' })}
            />`
      }
      <${SnapshotTable}
        board=${board}
        ats=${best.snapshots.map((s) => s.at)}
        testid="snapshots-gap"
        head="best open · best closed · gap"
        cell=${(at: string) => {
          const s = best.snapshots.find((x) => x.at === at);
          if (!s) return null;
          const named = (m: typeof s.best_open) => (m ? `${m.name} (${m.score ?? 'no score'})` : 'none');
          return html`${named(s.best_open)} · ${named(s.best_closed)} · <span data-testid="gap-value">${s.gap ?? 'n/a'}</span>`;
        }}
      />
    </section>
  `;
}

/** The snapshots a chart is drawn from, each with its date, its source and what the chart read from it. */
function SnapshotTable({
  board,
  ats,
  testid,
  head,
  cell,
}: {
  board: BoardInfo;
  ats: string[];
  testid: string;
  head: string;
  cell: (at: string) => ComponentChildren;
}) {
  const byAt = new Map(board.snapshots.map((s) => [s.at, s]));
  return html`
    <details class="snapshots" open=${ats.length <= 12}>
      <summary>${ats.length} ${ats.length === 1 ? 'snapshot' : 'snapshots'} and their sources</summary>
      <table class="compact" data-testid=${testid}>
        <thead><tr><th scope="col">snapshot</th><th scope="col">source</th><th scope="col" class="num">rows</th><th scope="col">${head}</th></tr></thead>
        <tbody>
          ${ats.map((at) => {
            const s = byAt.get(at);
            return html`<tr>
              <td>${at}</td>
              <td>${
                s
                  ? html`<${ExternalLink} href=${s.source.url}>${s.source.title || s.source.url}<//>${s.origin === 'import' ? html` <small class="muted">(imported)</small>` : null}${s.source.note ? html`<br /><small class="muted">${s.source.note}</small>` : null}`
                  : html`<span class="muted">unknown</span>`
              }</td>
              <td class="num">${s?.rows ?? ''}</td>
              <td>${cell(at)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </details>
  `;
}

const QUALIFIER: Record<AdoptionFact['qualifier'], string> = {
  exact: '',
  about: 'about ',
  'more-than': 'more than ',
  'at-least': 'at least ',
  'up-to': 'up to ',
};
const MEASURED_BY: Record<AdoptionFact['measured_by'], string> = {
  maker: "maker's claim",
  platform: 'platform figure',
  independent: 'independent study',
};

/** A figure as its source stated it: "more than 90K models", "41.0% of downloads". */
function figureText(f: AdoptionFact): string {
  const value = f.unit === 'fraction' ? percent(f.value) : `${humanCount(f.value)} ${f.unit}`;
  return `${QUALIFIER[f.qualifier]}${value}`;
}

/**
 * Published adoption figures (derivative counts, downloads, shares) as dated, sourced series beside the snapshot-based
 * figures: each is someone's statement, so each point keeps who measured it and where it was said.
 */
function AdoptionFigures() {
  const answer = useApi<Adoption>(leadersApi.adoption());
  return html`
    <section data-testid="adoption">
      <h2>Published adoption figures</h2>
      <p class="muted">
        What makers, platforms and independent studies have published about adoption, each figure with its date and
        source. These are statements, not snapshots the observatory took: compare them with care.
      </p>
      <${Async} result=${answer} what="adoption figures">
        ${(a: Adoption) =>
          a.facts.length === 0
            ? html`<${Empty}>The catalog has no published adoption figures.<//>`
            : html`<${AdoptionView} facts=${a.facts} />`}
      <//>
    </section>
  `;
}

function AdoptionView({ facts }: { facts: AdoptionFact[] }) {
  const metrics: string[] = [...new Set(facts.map((f) => f.metric))];
  const [chosen, setChosen] = useState<string | null>(null);
  // Derivative counts first when there are any: the figure most often quoted about a family's adoption.
  const first = metrics.includes('derivatives') ? 'derivatives' : (metrics[0] as string);
  const metric = chosen && metrics.includes(chosen) ? chosen : first;
  const shown = facts.filter((f) => f.metric === metric);
  const unit = shown[0]?.unit ?? '';
  return html`
    <div class="toolbar">
      <label>Measure
        <select value=${metric} onChange=${(e: Event) => setChosen((e.target as HTMLSelectElement).value)}>
          ${metrics.map((m) => html`<option value=${m}>${m.replaceAll('_', ' ')} (${facts.filter((f) => f.metric === m).length})</option>`)}
        </select>
      </label>
    </div>
    <${Chart}
      label=${`Published ${metric.replaceAll('_', ' ')} figures over time, one line per subject and scope`}
      deps=${[shown]}
      make=${() =>
        adoptionLines(
          shown.map((f) => ({
            asOf: f.as_of,
            series: `${f.subject_name} (${f.scope})`,
            value: f.value,
            text: `${figureText(f)}, ${MEASURED_BY[f.measured_by]}: ${f.source.title}`,
          })),
          { unit },
        )}
    />
    <table class="compact" data-testid="adoption-table">
      <thead><tr><th scope="col">as of</th><th scope="col">subject</th><th scope="col" class="num">figure</th><th scope="col">scope</th><th scope="col">measured by</th><th scope="col">source</th></tr></thead>
      <tbody>
        ${shown.map(
          (f) => html`<tr>
            <td>${f.as_of}</td>
            <td>${f.subject_name} <small class="muted">${f.kind === 'country' ? '' : f.country}</small></td>
            <td class="num" title=${f.quote}>${figureText(f)}</td>
            <td>${f.scope}</td>
            <td>${MEASURED_BY[f.measured_by]}</td>
            <td><${ExternalLink} href=${f.source.url}>${f.source.title || f.source.url}<//>
              ${f.primary ? html`<br /><small class="muted">original: <${ExternalLink} href=${f.primary.url}>${f.primary.title || f.primary.url}<//></small>` : null}
              ${f.reported_in.length > 0 ? html`<br /><small class="muted">also in ${f.reported_in.map((r, i) => html`${i ? ', ' : ''}<${ExternalLink} href=${r.url}>${r.title || r.url}<//>`)}</small>` : null}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  `;
}
