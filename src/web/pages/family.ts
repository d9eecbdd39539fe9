import { html } from 'htm/preact';
import { humanCount } from '../../domain/format.ts';
import { modelPath, useApi } from '../api.ts';
import { Async, Empty } from '../components/ui.ts';
import type { FamilyMembers } from '../types.ts';

/** A family's members (where an article's "Qwen" or "Llama" links), newest first as the API lists them. */
export function FamilyPage({ slug }: { slug: string }) {
  const family = useApi<FamilyMembers>(`/api/families/${encodeURIComponent(slug)}`);
  return html`
    <${Async} result=${family} what=${`family ${slug}`}>
      ${(f: FamilyMembers) => html`
        <h1 data-testid="family-name">${f.family} <small class="muted">family</small></h1>
        <p class="muted" data-testid="family-count">${f.models.length} models in the catalog</p>
        ${
          f.models.length === 0
            ? html`<${Empty}>No model of this family is in the catalog.<//>`
            : html`<table data-testid="family-models">
                <thead><tr><th scope="col">model</th><th scope="col">released</th><th scope="col" class="num">params</th><th scope="col">licence</th><th scope="col">weights</th></tr></thead>
                <tbody>
                  ${f.models.map(
                    (m) =>
                      html`<tr><td><a href=${`/models/${modelPath(m.id)}`}>${m.name}</a></td><td>${m.released ?? ''}</td><td class="num">${humanCount(m.parameters.total)}</td><td>${m.license.id}</td><td>${m.weights}</td></tr>`,
                  )}
                </tbody>
              </table>`
        }
      `}
    <//>
  `;
}
