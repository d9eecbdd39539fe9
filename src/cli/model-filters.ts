import type { Command } from 'commander';
import { modelsCommand, modelsQueryPairs } from './commands/models.ts';

// The model filter flags of `omo models` (--country, --org, --open, --released-after, --where…) for the commands
// that answer a question over a filtered set of models (timeline, frontier), taken from `omo models` itself so the
// flags and their meaning cannot drift apart.

/** Options of `omo models` that shape a page rather than filter models. */
const PAGE_OPTIONS = new Set(['sort', 'limit', 'cursor', 'facet', 'format', 'json']);

/** Adds the model filter flags of `omo models` to `cmd`. */
export function addModelFilters(cmd: Command): Command {
  for (const option of modelsCommand().options) {
    if (!PAGE_OPTIONS.has(option.attributeName())) cmd.addOption(option);
  }
  return cmd;
}

/** The list grammar's query pairs for the filter flags given, exactly what the API would receive. */
export function modelFilterPairs(o: Record<string, unknown>): [string, string][] {
  const options = { ...o, sort: undefined, limit: undefined, cursor: undefined, facet: [] };
  return modelsQueryPairs(options as unknown as Parameters<typeof modelsQueryPairs>[0]);
}
