import { Command } from 'commander';
import { computeParams, MAX_CONTEXT, type ParamReport } from '../../params/index.ts';
import { readGgufParams } from '../../sources/gguf/read-gguf-params.ts';
import { readHfConfig } from '../../sources/hf-config/read-hf-config.ts';
import { readSafetensorsParams } from '../../sources/safetensors/read-safetensors-params.ts';
import { wholeNumber } from '../../store/list-query.ts';
import { gib, humanCount, printJson, renderTable, writeOut } from '../output.ts';

/** What `omo params` prints for a config, a safetensors checkpoint or a GGUF file. */
export type ParamsOutput =
  | ({ input: 'config'; source: { kind: string; location: string } } & ParamReport)
  | ({ input: 'safetensors' } & Awaited<ReturnType<typeof readSafetensorsParams>>)
  | ({ input: 'gguf' } & Awaited<ReturnType<typeof readGgufParams>>);

async function paramsFor(target: string, context: number): Promise<ParamsOutput> {
  if (/\.gguf$/i.test(target)) return { input: 'gguf', ...(await readGgufParams(target)) };
  if (/\.safetensors$|safetensors\.index\.json$/i.test(target)) {
    return { input: 'safetensors', ...(await readSafetensorsParams(target)) };
  }
  const { config, source } = await readHfConfig(target);
  return { input: 'config', source, ...computeParams(config, { context }) };
}

export function paramsCommand(): Command {
  return new Command('params')
    .description(
      'Exact parameters, memory, KV cache and FLOPs from a config.json, a model folder, a Hub repo id, safetensors or GGUF',
    )
    .argument(
      '<target>',
      'config.json | model folder | Hub repo id | *.safetensors | *.safetensors.index.json | *.gguf',
    )
    .option('--context <n>', 'context length for the KV-cache average and the attention FLOPs', '8192')
    .option('--json', 'print the report as JSON (the same object as POST /api/params)')
    .action(async (target: string, o: { context: string; json?: boolean }) => {
      const context = wholeNumber('--context', o.context, 1, MAX_CONTEXT);
      const out = await paramsFor(target, context);
      if (o.json) return printJson(out);
      if (out.input !== 'config') {
        const rows: [string, string][] = [
          ['total parameters', `${humanCount(out.total)} (${out.total.toLocaleString('en-US')})`],
        ];
        if (out.input === 'gguf') {
          rows.push(['architecture', out.architecture ?? ''], ['file type', out.fileType ?? '']);
          if (out.fileBytes !== null) rows.push(['file size', `${(out.fileBytes / 2 ** 30).toFixed(2)} GiB`]);
        } else {
          for (const [dtype, n] of Object.entries(out.byDtype)) rows.push([`  ${dtype}`, humanCount(n)]);
        }
        writeOut(`${renderTable(['', ''], rows).split('\n').slice(2).join('\n')}\n`);
        return;
      }
      writeOut(`${renderReport(out)}\n`);
    });
}

function renderReport(r: ParamReport & { source: { location: string } }): string {
  const exact = (n: number) => `${humanCount(n)} (${n.toLocaleString('en-US')})`;
  const lines = [`${r.architecture}  ${r.source.location}`, ''];
  const rows: [string, string][] = [
    ['total', exact(r.total)],
    ['active per token', exact(r.active)],
    ['embedding', `${exact(r.embedding)}${r.tiedEmbeddings ? ', tied' : ''}`],
    ['non-embedding', exact(r.nonEmbedding)],
  ];
  if (r.extra.mtp) rows.push(['MTP (not in total)', exact(r.extra.mtp)]);
  if (r.experts)
    rows.push([
      'experts',
      `${r.experts.routed} routed + ${r.experts.shared} shared, ${r.experts.activePerToken} routed per token`,
    ]);
  lines.push(renderTable(['', ''], rows).split('\n').slice(2).join('\n'), '', 'components');
  lines.push(
    renderTable(
      ['', 'parameters', 'share'],
      Object.entries(r.components)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => [k, humanCount(n), `${((100 * n) / (r.total || 1)).toFixed(1)}%`]),
    ),
  );
  lines.push(
    '',
    `weights: bf16 ${gib(r.memory.bf16)}, fp8 ${gib(r.memory.fp8)}, int8 ${gib(r.memory.int8)}, int4 ${gib(r.memory.int4)}`,
  );
  const kv = r.kvCacheBytesPerToken.bf16;
  lines.push(
    `KV cache (bf16): ${Math.round(kv).toLocaleString('en-US')} bytes/token, ${((kv * 1000) / 2 ** 20).toFixed(1)} MiB per 1,000 tokens`,
  );
  lines.push(
    `forward FLOPs per token at context ${r.context.toLocaleString('en-US')}: ${(r.flopsPerToken / 1e9).toFixed(1)} GFLOP`,
  );
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
