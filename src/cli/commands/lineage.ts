import { Command } from 'commander';
import { parseLineageOptions } from '../../store/hub-query.ts';
import type { LineageNode } from '../../store/hub-repo.ts';
import { withDeps } from '../context.ts';
import { humanCount, printJson, writeOut } from '../output.ts';

function renderTree(node: LineageNode, prefix: string, out: string[]): void {
  node.children.forEach((c, i) => {
    const last = i === node.children.length - 1;
    const more = c.derivatives > 0 ? `, ${c.derivatives.toLocaleString('en-US')} derivatives` : '';
    out.push(
      `${prefix}${last ? '└─' : '├─'} ${c.id}  (${c.relation ?? '?'}, ${humanCount(c.downloads) || 0} downloads${more})`,
    );
    renderTree(c, `${prefix}${last ? '   ' : '│  '}`, out);
  });
}

export function lineageCommand(): Command {
  return new Command('lineage')
    .description(
      "A Hub model's derivatives (fine-tunes, adapters, quantisations, merges), counted and as a tree",
    )
    .argument('<repo-id>', 'a Hub repo id, e.g. Qwen/Qwen2.5-7B')
    .option('--depth <n>', 'levels of the tree to show (0: counts only)', '1')
    .option('--at <date>', 'use the latest snapshot taken at or before this date')
    .option('--json', 'print exactly what GET /api/lineage/{id} returns')
    .action(async (id: string, o: Record<string, string | undefined>, cmd: Command) => {
      const opts = parseLineageOptions(o);
      const a = await withDeps(cmd, (deps) => deps.hub.lineage(id, opts));
      if (o.json) return printJson(a);
      const d = a.derivatives;
      const lines = [
        `${a.id}${a.inSnapshot ? '' : '  (not in the snapshot: only named as a base model)'}`,
        `  derivatives  ${d.total.toLocaleString('en-US')}: ${d.finetune.toLocaleString('en-US')} fine-tunes, ${d.adapter.toLocaleString('en-US')} adapters, ${d.quantized.toLocaleString('en-US')} quantisations, ${d.merge.toLocaleString('en-US')} merges; ${a.maxDepth} level${a.maxDepth === 1 ? '' : 's'} deep`,
      ];
      if (a.parents.length)
        lines.push(`  parents      ${a.parents.map((p) => `${p.id} (${p.relation})`).join(', ')}`);
      if (a.root !== a.id)
        lines.push(`  root         ${a.root} (${a.depth} step${a.depth === 1 ? '' : 's'} up)`);
      lines.push(`  snapshot     ${a.snapshot}`);
      if (a.tree) {
        lines.push('');
        renderTree(a.tree, '', lines);
        if (a.truncated) lines.push('… (tree cut at 10,000 models)');
      }
      writeOut(`${lines.join('\n')}\n`);
    });
}
