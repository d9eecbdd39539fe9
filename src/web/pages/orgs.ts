import { html } from 'htm/preact';
import { useApi } from '../api.ts';
import { Async } from '../components/ui.ts';
import type { Organization, Page } from '../types.ts';

export function OrgsPage() {
  const orgs = useApi<Page<Omit<Organization, 'sources' | 'file'>>>('/api/orgs?sort=-models&limit=1000');
  return html`
    <h1>Organisations</h1>
    <${Async} result=${orgs} what="organisations">
      ${(p: Page<Omit<Organization, 'sources' | 'file'>>) => html`
        <table data-testid="orgs-table">
          <thead><tr><th scope="col">organisation</th><th scope="col">country</th><th scope="col">kind</th><th scope="col" class="num">models</th></tr></thead>
          <tbody>
            ${p.rows.map(
              (o) =>
                html`<tr><td><a href=${`/orgs/${encodeURIComponent(o.id)}`}>${o.name}</a>${o.nativeName ? html` <span>${o.nativeName}</span>` : null}</td><td>${o.country}</td><td>${o.kind}</td><td class="num">${o.modelCount}</td></tr>`,
            )}
          </tbody>
        </table>
      `}
    <//>
  `;
}
