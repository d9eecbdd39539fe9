import { html } from 'htm/preact';
import { countParts } from '../../domain/count-parts.ts';
import { gib, humanCount, scientific } from '../../domain/format.ts';
import type { SourceRef } from '../../domain/source.ts';
import { modelPath, useApi } from '../api.ts';
import { Async, Empty, ExternalLink, Figure } from '../components/ui.ts';
import type { Model } from '../types.ts';

interface LineageNode {
  id: string;
  relation: string | null;
  derivatives: number;
  downloads: number;
  children: LineageNode[];
}

interface ModelHub {
  snapshot: string | null;
  repo: string | null;
  lineage: {
    derivatives: { total: number; finetune: number; adapter: number; quantized: number; merge: number };
    maxDepth: number;
    tree: LineageNode | null;
    truncated: boolean;
  } | null;
}

const TREE_CHILDREN = 12;

/** The first levels of derivatives, most-derived first; ids are Hub text, shown as text. */
function Tree({ node }: { node: LineageNode }) {
  const children = [...node.children].sort(
    (a, b) => b.derivatives - a.derivatives || b.downloads - a.downloads,
  );
  if (children.length === 0) return null;
  return html`<ul class="tree">
    ${children.slice(0, TREE_CHILDREN).map(
      (c) => html`<li>
        <${ExternalLink} href=${`https://huggingface.co/${c.id}`}>${c.id}<//>
        <small class="muted"> ${c.relation ?? ''}${c.derivatives ? `, ${c.derivatives} derivatives` : ''}${c.downloads ? `, ${humanCount(c.downloads)} downloads` : ''}</small>
        <${Tree} node=${c} />
      </li>`,
    )}
    ${children.length > TREE_CHILDREN ? html`<li class="muted">… and ${children.length - TREE_CHILDREN} more</li>` : null}
  </ul>`;
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
  return html`
    <h1 data-testid="model-name">${m.name}</h1>
    <p class="muted">${m.id} · <a href=${`/compare?ids=${encodeURIComponent(m.id)}`}>compare with…</a></p>
    <${Facts} m=${m} />
    ${m.notes ? html`<p class="notes">${m.notes}</p>` : null}

    <h2>Parameter counts</h2>
    <${ParameterCounts} m=${m} />

    <h2>Memory and compute</h2>
    <${MemoryAndCompute} m=${m} />

    <h2>Training</h2>
    <${Training} m=${m} />

    <h2>Benchmarks</h2>
    <${Benchmarks} m=${m} />

    <h2>Derivatives on the Hub</h2>
    <${HubDerivatives} id=${m.id} />

    <h2>Sources</h2>
    <ol class="sources">
      ${m.sources.map((s) => html`<li><${ExternalLink} href=${s.url}>${s.title ?? s.url}<//>${s.kind ? ` (${s.kind})` : ''}${s.accessed ? `, read ${s.accessed}` : ''}</li>`)}
    </ol>
  `;
}

/** A count both short and exact, as the parameter facts show it. */
function exact(n: number | null): string {
  return n === null ? '' : `${humanCount(n)} (${n.toLocaleString('en-US')})`;
}

/** The model's facts, each with the source it was read from. */
function Facts({ m }: { m: Model }) {
  const p = m.provenance;
  return html`
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
  `;
}

/** Every published parameter count, the one used marked. */
function ParameterCounts({ m }: { m: Model }) {
  return html`
    ${
      m.parameterCounts.length === 0
        ? html`<${Empty}>No parameter count is public for this model.<//>`
        : html`<table>
          <thead><tr><th scope="col">total</th><th scope="col">parts</th><th scope="col">active</th><th scope="col">how</th><th scope="col">source</th><th scope="col">note</th></tr></thead>
          <tbody>
            ${m.parameterCounts.map(
              (c) => html`<tr class=${c.canonical ? 'canonical' : ''}>
                <td>${exact(c.total)}${c.canonical ? html` <strong>(used)</strong>` : null}</td>
                <td data-testid="count-parts">${countParts(c)}</td>
                <td>${c.active === null ? '' : humanCount(c.active)}</td>
                <td title=${c.method === 'name' ? "read only from the model's name, not a stated or computed count" : undefined}>${c.method === 'name' ? 'name only' : c.method}</td>
                <td><${ExternalLink} href=${c.source.url}>${c.source.title ?? c.source.id}<//></td>
                <td>${c.note ?? ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
    }
  `;
}

/** Memory per precision, KV cache and FLOPs from the model's config, or weights alone from the stated total. */
function MemoryAndCompute({ m }: { m: Model }) {
  return html`
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
          ? html`<p>Weights alone, from the stated total: ${gib(m.parameters.total * 2)} at bf16, ${gib(m.parameters.total)} at
            fp8 or int8, ${gib(m.parameters.total / 2)} at int4. The catalog has no config for exact figures or the KV cache.</p>`
          : html`<${Empty}>Not known: no parameter count or config.<//>`
    }
  `;
}

/** What the maker states about training, each figure with its source; FLOPs say whether stated or estimated. */
function Training({ m }: { m: Model }) {
  const t = m.training;
  if (!t) return html`<${Empty}>The catalog records no training figures for this model.<//>`;
  const p = t.provenance;
  const estimate = t.flopsMethod === 'estimate-6ND';
  return html`
    <dl class="facts" data-testid="training">
      <${Fact} label="Tokens" source=${p.tokens}>${t.tokens === null ? null : exact(t.tokens)}<//>
      <${Fact} label="GPU hours" source=${p.gpuHours}>${t.gpuHours === null ? null : t.gpuHours.toLocaleString('en-US')}<//>
      <${Fact} label="GPU" source=${p.gpu}>${t.gpu}<//>
      <${Fact} label="Cost" source=${p.costUsd}>${t.costUsd === null ? null : `$${t.costUsd.toLocaleString('en-US')}`}<//>
      <${Fact} label="FLOPs" source=${p.flops}>
        ${t.flops === null ? null : html`<span data-testid="training-flops">${scientific(t.flops)}</span>${estimate ? html` <small class="muted">estimate: 6 × active parameters × tokens, not stated by the maker</small>` : null}`}
      <//>
    </dl>
    ${t.note ? html`<p class="notes">${t.note}</p>` : null}
  `;
}

/** The benchmark results the catalog records, each linking to its frontier. */
function Benchmarks({ m }: { m: Model }) {
  return html`
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
  `;
}

/** Derivative counts and the first levels of the lineage tree from the latest Hub snapshot. */
function HubDerivatives({ id }: { id: string }) {
  const hub = useApi<ModelHub>(`/api/models/${modelPath(id)}/hub`);
  return html`
    ${
      hub.state === 'loading'
        ? html`<p class="muted" role="status">Loading Hub data…</p>`
        : hub.state === 'ok' && hub.data.lineage
          ? html`<p class="muted">${hub.data.repo} in the Hub snapshot of ${hub.data.snapshot?.slice(0, 10)}.</p>
            <dl class="figures" data-testid="lineage">
              <${Figure} label="derivatives" value=${String(hub.data.lineage.derivatives.total)} testid="derivatives-total" />
              <${Figure} label="fine-tunes" value=${String(hub.data.lineage.derivatives.finetune)} testid="derivatives-finetune" />
              <${Figure} label="adapters" value=${String(hub.data.lineage.derivatives.adapter)} testid="derivatives-adapter" />
              <${Figure} label="quantisations" value=${String(hub.data.lineage.derivatives.quantized)} testid="derivatives-quantized" />
              <${Figure} label="merges" value=${String(hub.data.lineage.derivatives.merge)} testid="derivatives-merge" />
              <${Figure} label="deepest chain" value=${String(hub.data.lineage.maxDepth)} testid="derivatives-depth" />
            </dl>
            ${hub.data.lineage.tree ? html`<${Tree} node=${hub.data.lineage.tree} />` : null}`
          : html`<${Empty}>
            ${
              hub.state === 'ok' && hub.data.snapshot
                ? `The Hub snapshot of ${hub.data.snapshot.slice(0, 10)} has none of this model's repos.`
                : 'No Hub snapshot is loaded yet, so derivative counts are not available.'
            }
          <//>`
    }
  `;
}
