import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { humanCount, percent } from '../../domain/format.ts';
import { type Loaded, useApi } from '../api.ts';
import { Chart, shareBars, stackedReleases } from '../components/charts.ts';
import { Async, Empty, ExternalLink, Figure } from '../components/ui.ts';
import type { CatalogStats, HubSnapshotInfo, RankRow, Timeline } from '../types.ts';

export function OverviewPage() {
  const stats = useApi<CatalogStats>('/api/stats');
  return html`
    <h1>The open-model landscape</h1>
    <${Headline} stats=${stats} />
    <p>Reading an article about open models? <a href="/verify">Check its claims against the catalog</a>.</p>

    <${ReleasesOverTime} />

    <${Async} result=${stats} what="shares">
      ${(s: CatalogStats) => html`<${Shares} s=${s} />`}
    <//>

    <section data-testid="leaders-link">
      <h2>Who leads the leaderboards</h2>
      <p>
        Shares of a leaderboard's top 100 by country and by open against closed weights, the best open model of each
        country and the gap to the best closed one, over dated snapshots, beside published adoption figures:
        <a href="/leaders">the leaderboards over time</a>.
      </p>
    </section>

    <${HubAdoption} />
  `;
}

/** The catalog's size in four figures, and how recent it is. */
function Headline({ stats }: { stats: Loaded<CatalogStats> }) {
  return html`
    <${Async} result=${stats} what="catalog statistics">
      ${(s: CatalogStats) => html`
        <p class="lead">
          Catalog of open and announced models with sourced facts; figures as of the latest release it records
          (<span data-testid="latest-release">${s.asOf.latestRelease ?? 'unknown'}</span>).
          ${
            s.asOf.factsRead?.oldest
              ? html`Its sources were read between <span data-testid="facts-read-oldest">${s.asOf.factsRead.oldest}</span>
                  and <span data-testid="facts-read-newest">${s.asOf.factsRead.newest}</span>${s.asOf.factsRead.undated ? ` (${s.asOf.factsRead.undated} of ${s.asOf.factsRead.sources} without a date)` : ''}.`
              : null
          }
        </p>
        <dl class="figures">
          <${Figure} label="models" value=${String(s.totals.models)} testid="total-models" />
          <${Figure} label="organisations" value=${String(s.totals.organizations)} testid="total-orgs" />
          <${Figure} label="countries" value=${String(s.totals.countries)} testid="total-countries" />
          <${Figure}
            label="with open weights"
            value=${String(s.totals.openWeights)}
            testid="total-open"
            note=${s.totals.models ? percent(s.totals.openWeights / s.totals.models) : ''}
          />
        </dl>
      `}
    <//>
  `;
}

/** Open-weight releases per year or month, stacked by country. */
function ReleasesOverTime() {
  const [interval, setInterval] = useState<'year' | 'month'>('year');
  const timeline = useApi<Timeline>(`/api/timeline?interval=${interval}&group=country&open=true`);
  return html`
    <section>
      <h2>Open-weight releases over time by country</h2>
      <label>Interval
        <select value=${interval} onChange=${(e: Event) => setInterval((e.target as HTMLSelectElement).value as 'year' | 'month')}>
          <option value="year">year</option>
          <option value="month">month</option>
        </select>
      </label>
      <${Async} result=${timeline} what="the timeline">
        ${(t: Timeline) =>
          t.rows.length === 0
            ? html`<${Empty}>No dated releases.<//>`
            : html`<${Chart} label=${`Open-weight releases per ${interval} by country`} deps=${[t]} make=${() => stackedReleases(t.rows, { groupLabel: 'country' })} />
                ${t.undated > 0 ? html`<p class="muted">${t.undated} models without a ${interval}-precise date are not shown.</p>` : null}`}
      <//>
    </section>
  `;
}

/** Shares of the catalog: by country, organisation, licence class and output modality. */
function Shares({ s }: { s: CatalogStats }) {
  return html`
    <div class="grid">
      <${CountryShares} s=${s} />
      <section>
        <h2>Top organisations</h2>
        <${Chart}
          label="Models per organisation"
          deps=${[s]}
          make=${() =>
            shareBars(
              s.byOrganization.slice(0, 15).map((o) => ({ label: o.name, value: o.count })),
              { label: 'models' },
            )}
        />
      </section>
      <section>
        <h2>Licence classes</h2>
        <${Chart}
          label="Models per licence class"
          deps=${[s]}
          make=${() =>
            shareBars(
              s.byLicenseClass.map((c) => ({ label: String(c.value), value: c.count })),
              { label: 'models' },
            )}
        />
      </section>
      <section>
        <h2>What models produce</h2>
        <${Chart}
          label="Models per output modality"
          deps=${[s]}
          make=${() =>
            shareBars(
              s.byModality.output.map((c) => ({ label: String(c.value), value: c.count })),
              { label: 'models' },
            )}
        />
      </section>
    </div>
  `;
}

/** Models and total parameters per country, as charts and a table. */
function CountryShares({ s }: { s: CatalogStats }) {
  return html`
    <section>
      <h2>Releases by country</h2>
      <${Chart}
        label="Models per country"
        deps=${[s]}
        make=${() =>
          shareBars(
            s.byCountry.map((c) => ({ label: String(c.value), value: c.count })),
            { label: 'models' },
          )}
      />
      <table class="compact" data-testid="country-table">
        <thead><tr><th scope="col">country</th><th scope="col">models</th><th scope="col">share</th><th scope="col">total parameters</th></tr></thead>
        <tbody>
          ${s.byCountry.map(
            (c) =>
              html`<tr><td>${c.value}</td><td>${c.count}</td><td>${percent(c.share)}</td><td>${humanCount(c.paramsTotal)}</td></tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Total parameters by country</h2>
      <${Chart}
        label="Sum of stated total parameters per country"
        deps=${[s]}
        make=${() =>
          shareBars(
            [...s.byCountry]
              .sort((a, b) => b.paramsTotal - a.paramsTotal)
              .map((c) => ({ label: String(c.value), value: c.paramsTotal })),
            { label: 'parameters', format: humanCount },
          )}
      />
    </section>
  `;
}

/** Adoption on the Hub: the top 100 models by downloads, by country, once a Hub snapshot is loaded. */
function HubAdoption() {
  const snapshots = useApi<HubSnapshotInfo[]>('/api/hub/snapshots');
  const hasHub = snapshots.state === 'ok' && snapshots.data.length > 0;
  const snapshot = snapshots.state === 'ok' ? snapshots.data.at(-1) : undefined;
  const latest = snapshot?.takenAt;
  const [attribution, setAttribution] = useState<'author' | 'root'>('author');
  const rank = useApi<RankRow[] | { rows: RankRow[] }>(
    hasHub ? `/api/rank?by=downloads&top=100&group=country&attribution=${attribution}` : null,
  );
  return html`
    <section data-testid="hub-adoption">
      <h2>Top 100 Hub models by downloads, by country</h2>
      ${
        latest
          ? html`<p class="muted">
              Hub snapshot of <span data-testid="hub-snapshot">${latest.slice(0, 10)}</span>${snapshot?.listing ? null : ` (${snapshot?.models ?? 0} models from ${snapshot?.source ?? 'an unnamed file'})`}.
              <label>Count each model by
                <select value=${attribution} onChange=${(e: Event) => setAttribution((e.target as HTMLSelectElement).value as 'author' | 'root')}>
                  <option value="author">its own author's country</option>
                  <option value="root">its root base model's maker's country</option>
                </select>
              </label>
            </p>
            ${snapshot?.listing ? html`<${ListingLabel} listing=${snapshot.listing} models=${snapshot.models} />` : null}`
          : null
      }
      ${
        !hasHub || rank.state === 'error'
          ? html`<${Empty}>No Hub snapshot is loaded yet, so adoption figures are not available. Load one with <code>omo ingest hub</code> or <code>omo sync hub</code>.<//>`
          : html`<${Async} result=${rank} what="Hub rankings">
            ${(r: RankRow[] | { rows: RankRow[] }) => {
              const rows = Array.isArray(r) ? r : r.rows;
              return rows.length === 0
                ? html`<${Empty}>No Hub snapshot is loaded yet.<//>`
                : html`<${Chart}
                    label="Top 100 Hub models by downloads, per country"
                    deps=${[rows]}
                    make=${() =>
                      shareBars(
                        rows.map((x) => ({ label: x.group ?? 'unattributed', value: x.count })),
                        { label: 'models in the top 100' },
                      )}
                  />`;
            }}
          <//>`
      }
    </section>
  `;
}

/** The bundled Hub listing's label: the day its counts were read, its source and what it covers ("partial listing"). */
function ListingLabel({
  listing,
  models,
}: {
  listing: NonNullable<HubSnapshotInfo['listing']>;
  models: number;
}) {
  return html`
    <p class=${listing.partial ? 'warning' : 'muted'} role="note" data-testid="hub-listing">
      ${listing.partial ? html`<strong>Partial listing</strong>: ` : null}${models} models, download counts read on
      ${` ${listing.date} `}from <${ExternalLink} href=${listing.url}>${listing.title}<//>.
      ${` Coverage: ${listing.coverage}`}${listing.downloads ? ` Downloads: ${listing.downloads}.` : ''}
    </p>
  `;
}
