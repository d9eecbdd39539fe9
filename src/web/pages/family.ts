import { html } from 'htm/preact';
import { humanCount } from '../../domain/format.ts';
import { modelPath, useApi } from '../api.ts';
import { Async, Empty } from '../components/ui.ts';
import type { Family } from '../types.ts';

/** A family's members, where an article's "Qwen" or "Llama" links (a line such as Qwen spans several families). */
export function FamilyPage({ slug }: { slug: string }) {
  const family = useApi<Family>(`/api/families/${encodeURIComponent(slug)}`);
  return html`
    <${Async} result=${family} what=${`family ${slug}`}>
      ${(f: Family) => html`
        <h1 data-testid="family-name">${f.name} <small class="muted">family</small></h1>
        <p class="muted" data-testid="family-count">${f.members.length} models in the catalog</p>
        ${
          f.members.length === 0
            ? html`<${Empty}>No model of this family is in the catalog.<//>`
            : html`<table data-testid="family-models">
                <thead><tr><th scope="col">model</th><th scope="col">family</th><th scope="col">released</th><th scope="col" class="num">params</th><th scope="col" class="num">active</th><th scope="col">weights</th></tr></thead>
                <tbody>
                  ${f.members.map(
                    (m) =>
                      html`<tr><td><a href=${`/models/${modelPath(m.id)}`}>${m.name}</a></td><td>${m.family ?? ''}</td><td>${m.released ?? ''}</td><td class="num">${humanCount(m.parameters.total)}</td><td class="num">${humanCount(m.parameters.active)}</td><td>${m.weights}</td></tr>`,
                  )}
                </tbody>
              </table>`
        }
      `}
    <//>
  `;
}
