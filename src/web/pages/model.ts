import { html } from 'htm/preact';
import { gib, humanCount } from '../../domain/format.ts';
import type { SourceRef } from '../../domain/source.ts';
import { modelPath, useApi } from '../api.ts';
import { Async, Empty, ExternalLink } from '../components/ui.ts';
import type { Health, Model } from '../types.ts';

interface Lineage {
  id: string;
  derivatives: { total: number; finetune: number; adapter: number; quantized: number; merge: number };
  maxDepth: number;
}

function Src({ source }: { source: SourceRef | undefined }) {
  if (!source) return null;
  return html` <sup><${ExternalLink} href=${source.url}>[${source.title ?? source.id}]<//></sup>`;
}

function Fact({
  label,
  children,
  source,
}: {
  label: string;
  children: unknown;
  source?: SourceRef | undefined;
}) {
  if (children === null || children === undefined || children === '') return null;
  return html`<div class="fact"><dt>${label}</dt><dd>${children}<${Src} source=${source} /></dd></div>`;
}

export function ModelPage({ id }: { id: string }) {
  const model = useApi<Model>(`/api/models/${modelPath(id)}`);
  return html`<${Async} result=${model} what=${`model ${id}`}>${(m: Model) => html`<${ModelView} m=${m} />`}<//>`;
}

function ModelView({ m }: { m: Model }) {
  const health = useApi<Health>('/healthz');
  const hasHub = health.state === 'ok' && (health.data.hub?.snapshots ?? 0) > 0;
  const lineage = useApi<Lineage>(hasHub ? `/api/lineage/${modelPath(m.id)}?depth=0` : null);
  const p = m.provenance;
  const exact = (n: number | null) => (n === null ? '' : `${humanCount(n)} (${n.toLocaleString('en-US')})`);
  return html`
    <h1 data-testid="model-name">${m.name}</h1>
    <p class="muted">${m.id} · <a href=${`/compare?ids=${encodeURIComponent(m.id)}`}>compare with…</a></p>
    <dl class="facts">
      <${Fact} label="Makers">
        ${m.organizations.map((o, i) => html`${i > 0 ? ', ' : ''}<a href=${`/orgs/${encodeURIComponent(o.id)}`}>${o.name}</a> (${o.country})`)}
      <//>
      <${Fact} label="Family">${m.family}<//>
      <${Fact} label="Released" source=${p.released}>${m.released}${m.releasedPrecision && m.releasedPrecision !== 'day' ? ` (${m.releasedPrecision})` : ''}<//>
      <${Fact} label="Announced" source=${p.announced}>${m.announced}<//>
      <${Fact} label="Weights" source=${p.weights}>${m.weights}<//>
      <${Fact} label="Licence" source=${p.license}>
        <${ExternalLink} href=${m.license.url}>${m.license.name}<//> (${m.license.class})
      <//>
      <${Fact} label="Modalities" source=${p.input}>${m.modalities.input.join(', ')} → ${m.modalities.output.join(', ') || '—'}<//>
      <${Fact} label="Tasks" source=${p.tasks}>${m.tasks.join(', ')}<//>
      <${Fact} label="Architecture" source=${p.architecture}>${m.architecture}${m.architectureDetail ? `: ${m.architectureDetail}` : ''}<//>
      <${Fact} label="Parameters" source=${m.parameterCounts.find((c) => c.canonical)?.source}>
        <span data-testid="params-total">${exact(m.parameters.total)}</span>${m.architecture === 'moe' && m.parameters.active !== null ? html`, <span data-testid="params-active">${humanCount(m.parameters.active)}</span> active` : null}
      <//>
      <${Fact} label="Context" source=${p.context_length}>${m.contextLength ? `${m.contextLength.toLocaleString('en-US')} tokens` : null}<//>
      <${Fact} label="Hugging Face" source=${p.hugging_face}>
        ${m.huggingFace.length ? m.huggingFace.map((h, i) => html`${i > 0 ? ', ' : ''}<${ExternalLink} href=${`https://huggingface.co/${h}`}>${h}<//>`) : null}
      <//>
      <${Fact} label="Base models" source=${p.base_models}>
        ${m.baseModels.length ? m.baseModels.map((b, i) => html`${i > 0 ? ', ' : ''}<a href=${`/models/${b}`}>${b}</a>`) : null}
      <//>
      <${Fact} label="Also known as">${m.aliases.join(', ')}<//>
    </dl>
    ${m.notes ? html`<p class="notes">${m.notes}</p>` : null}

    <h2>Parameter counts</h2>
    ${
      m.parameterCounts.length === 0
        ? html`<${Empty}>No parameter count is public for this model.<//>`
        : html`<table>
          <thead><tr><th scope="col">total</th><th scope="col">active</th><th scope="col">how</th><th scope="col">source</th><th scope="col">note</th></tr></thead>
          <tbody>
            ${m.parameterCounts.map(
              (c) => html`<tr class=${c.canonical ? 'canonical' : ''}>
                <td>${exact(c.total)}${c.canonical ? html` <strong>(used)</strong>` : null}</td>
                <td>${c.active === null ? '' : humanCount(c.active)}</td>
                <td>${c.method}</td>
                <td><${ExternalLink} href=${c.source.url}>${c.source.title ?? c.source.id}<//></td>
                <td>${c.note ?? ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
    }

    <h2>Memory and compute</h2>
    ${
      m.computed
        ? html`<table data-testid="memory-table">
          <thead><tr><th scope="col">weights at</th><th scope="col">bf16</th><th scope="col">fp8</th><th scope="col">int8</th><th scope="col">int4</th></tr></thead>
          <tbody><tr><th scope="row">memory</th><td>${gib(m.computed.memory.bf16)}</td><td>${gib(m.computed.memory.fp8)}</td><td>${gib(m.computed.memory.int8)}</td><td>${gib(m.computed.memory.int4)}</td></tr></tbody>
        </table>
        <p>
          KV cache: ${Math.round(m.computed.kvCacheBytesPerToken.bf16).toLocaleString('en-US')} bytes per token at bf16
          (${((m.computed.kvCacheBytesPerToken.bf16 * 1000) / 2 ** 20).toFixed(1)} MiB per 1,000 tokens); about
          ${(m.computed.flopsPerToken / 1e9).toFixed(1)} GFLOP per token at ${m.computed.context.toLocaleString('en-US')} tokens of context.
          Computed from the model's config.json (${m.computed.architecture}).
        </p>`
        : m.parameters.total
          ? html`<p>Weights alone, from the stated total: ${gib(m.parameters.total * 2)} at bf16, ${gib(m.parameters.total)} at fp8/int8,
            ${gib(m.parameters.total / 2)} at int4. The catalog has no config for exact figures or the KV cache.</p>`
          : html`<${Empty}>Not known: no parameter count or config.<//>`
    }

    <h2>Benchmarks</h2>
    ${
      m.benchmarks.length === 0
        ? html`<${Empty}>The catalog records no benchmark results for this model.<//>`
        : html`<table data-testid="benchmarks-table">
          <thead><tr><th scope="col">benchmark</th><th scope="col" class="num">score</th><th scope="col">metric</th><th scope="col">variant</th><th scope="col">source</th></tr></thead>
          <tbody>
            ${m.benchmarks.map(
              (b) =>
                html`<tr><td><a href=${`/efficiency?benchmark=${encodeURIComponent(b.benchmark)}&metric=${encodeURIComponent(b.metric)}`}>${b.benchmark}</a></td><td class="num">${b.score}</td><td>${b.metric}</td><td>${b.variant}</td><td><${ExternalLink} href=${b.source.url}>${b.source.title ?? b.source.id}<//></td></tr>`,
            )}
          </tbody>
        </table>`
    }

    <h2>Derivatives on the Hub</h2>
    ${
      hasHub && lineage.state === 'ok'
        ? html`<dl class="figures" data-testid="lineage">
          <div class="figure"><dt>derivatives</dt><dd>${lineage.data.derivatives.total}</dd></div>
          <div class="figure"><dt>fine-tunes</dt><dd>${lineage.data.derivatives.finetune}</dd></div>
          <div class="figure"><dt>adapters</dt><dd>${lineage.data.derivatives.adapter}</dd></div>
          <div class="figure"><dt>quantisations</dt><dd>${lineage.data.derivatives.quantized}</dd></div>
          <div class="figure"><dt>merges</dt><dd>${lineage.data.derivatives.merge}</dd></div>
          <div class="figure"><dt>deepest chain</dt><dd>${lineage.data.maxDepth}</dd></div>
        </dl>`
        : hasHub && lineage.state === 'loading'
          ? html`<p class="muted" role="status">Loading lineage…</p>`
          : html`<${Empty}>No Hub snapshot with this model's derivatives is loaded yet.<//>`
    }

    <h2>Sources</h2>
    <ol class="sources">
      ${m.sources.map((s) => html`<li><${ExternalLink} href=${s.url}>${s.title ?? s.url}<//>${s.kind ? ` (${s.kind})` : ''}${s.accessed ? `, read ${s.accessed}` : ''}</li>`)}
    </ol>
  `;
}
