import { html } from 'htm/preact';
import { humanCount } from '../../domain/format.ts';
import { useApi } from '../api.ts';
import { Chart, releaseDots } from '../components/charts.ts';
import { Async, Empty, ExternalLink } from '../components/ui.ts';
import type { ModelSummary, Organization, Page } from '../types.ts';

export function OrgPage({ id }: { id: string }) {
  const org = useApi<Organization>(`/api/orgs/${encodeURIComponent(id)}`);
  // Everything the organisation has in the catalog, datasets too, as its model count counts them.
  const models = useApi<Page<ModelSummary>>(
    `/api/models?org=${encodeURIComponent(id)}&kind=model,dataset&sort=-released&limit=1000`,
  );
  return html`
    <${Async} result=${org} what=${`organisation ${id}`}>
      ${(o: Organization) => html`
        <h1 data-testid="org-name">${o.name}${o.nativeName ? html` <span lang="zh">${o.nativeName}</span>` : null}</h1>
        <dl class="facts">
          <div class="fact"><dt>Country</dt><dd>${o.country}</dd></div>
          <div class="fact"><dt>Kind</dt><dd>${o.kind}</dd></div>
          <div class="fact"><dt>Models in the catalog</dt><dd data-testid="org-model-count">${o.modelCount}</dd></div>
          ${o.website ? html`<div class="fact"><dt>Website</dt><dd><${ExternalLink} href=${o.website}>${o.website}<//></dd></div>` : null}
          <div class="fact"><dt>Hub accounts</dt><dd>${o.huggingFace.length ? o.huggingFace.map((a, i) => html`${i > 0 ? ', ' : ''}<${ExternalLink} href=${`https://huggingface.co/${a}`}>${a}<//>`) : 'none known'}</dd></div>
          ${o.aliases.length ? html`<div class="fact"><dt>Also known as</dt><dd>${o.aliases.join(', ')}</dd></div>` : null}
        </dl>
        ${o.description ? html`<p>${o.description}</p>` : null}
      `}
    <//>
    <${Async} result=${models} what="models">
      ${(p: Page<ModelSummary>) => {
        const dated = p.rows.filter((m) => m.released);
        const totals = p.rows.reduce((a, m) => a + (m.parameters.total ?? 0), 0);
        return p.rows.length === 0
          ? html`<${Empty}>No models in the catalog.<//>`
          : html`
              <h2>Models over time</h2>
              <p class="muted">${p.rows.length} models, ${p.rows.filter((m) => m.open).length} with open weights; stated total parameters add up to ${humanCount(totals)}.</p>
              ${
                dated.length
                  ? html`<${Chart}
                    label="Releases over time by family; dot size is total parameters"
                    deps=${[p]}
                    make=${() =>
                      releaseDots(
                        dated.map((m) => ({
                          name: m.name,
                          date: new Date(m.released as string),
                          family: m.family ?? m.name,
                          total: m.parameters.total,
                        })),
                        {},
                      )}
                  />`
                  : null
              }
              <table data-testid="org-models">
                <thead><tr><th scope="col">model</th><th scope="col">released</th><th scope="col" class="num">params</th><th scope="col">licence</th><th scope="col">weights</th></tr></thead>
                <tbody>
                  ${p.rows.map(
                    (m) =>
                      html`<tr><td><a href=${`/models/${m.id}`}>${m.name}</a></td><td>${m.released ?? ''}</td><td class="num">${humanCount(m.parameters.total)}</td><td>${m.license.id}</td><td>${m.weights}</td></tr>`,
                  )}
                </tbody>
              </table>
            `;
      }}
    <//>
  `;
}
