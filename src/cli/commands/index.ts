import type { Command } from 'commander';

/**
 * Every `omo` command, one line each: its name, the summary `omo --help` lists, and how to load it. A command's
 * module (and what it imports: the store, zod, Hono…) is imported only when that command runs or shows its own
 * help, so `omo --help` and a read command start in a fraction of a second. A test checks that each summary is
 * the loaded command's description.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

// biome-ignore format: one line per command keeps the registry a table
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'models', summary: 'List catalog models (the API list grammar as flags)', load: async () => (await import('./models.ts')).modelsCommand() },
  { name: 'show', summary: 'Show one model with every fact and its source; accepts its id, name, any alias or Hub repo', load: async () => (await import('./show.ts')).showCommand() },
  { name: 'orgs', summary: 'List organisations, or show one with `omo orgs <id>`', load: async () => (await import('./orgs.ts')).orgsCommand() },
  { name: 'compare', summary: 'Models side by side: parameter ratios against the first, memory per precision, benchmark deltas', load: async () => (await import('./compare.ts')).compareCommand() },
  { name: 'timeline', summary: 'Releases per month or year, by country, organisation, licence class, architecture or weights', load: async () => (await import('./timeline.ts')).timelineCommand() },
  { name: 'frontier', summary: 'A benchmark score against parameters, with the Pareto frontier (no model smaller and better)', load: async () => (await import('./frontier.ts')).frontierCommand() },
  { name: 'benchmarks', summary: 'Benchmarks with results in the catalog, and how many models report each (most reported first)', load: async () => (await import('./benchmarks.ts')).benchmarksCommand() },
  { name: 'licenses', summary: 'Licences in the catalog with their class and number of models (most used first)', load: async () => (await import('./licenses.ts')).licensesCommand() },
  { name: 'params', summary: 'Exact parameters, memory, KV cache and FLOPs from a config.json, a model folder, a Hub repo id, safetensors or GGUF', load: async () => (await import('./params.ts')).paramsCommand() },
  { name: 'catalog', summary: 'Validate and load the catalog of organisations and models', load: async () => (await import('./catalog.ts')).catalogCommand() },
  { name: 'db', summary: 'Manage the store (SQLite file by default, PostgreSQL with --db postgres://…)', load: async () => (await import('./db.ts')).dbCommand() },
  { name: 'serve', summary: 'Serve the API (and dashboard) after building or refreshing the store from the catalog', load: async () => (await import('./serve.ts')).serveCommand() },
  { name: 'ingest', summary: 'Bring outside data into the store', load: async () => (await import('./ingest.ts')).ingestCommand() },
  { name: 'import', summary: 'Import outside tables into the store (leaderboards)', load: async () => (await import('./import.ts')).importCommand() },
  { name: 'sync', summary: 'Bring live data into the store', load: async () => (await import('./sync.ts')).syncCommand() },
  { name: 'lineage', summary: "A Hub model's derivatives (fine-tunes, adapters, quantisations, merges), counted and as a tree", load: async () => (await import('./lineage.ts')).lineageCommand() },
  { name: 'rank', summary: 'Which countries, organisations or families the top Hub models belong to (from the latest snapshot)', load: async () => (await import('./rank.ts')).rankCommand() },
  { name: 'trend', summary: 'New Hub models or derivatives per month (quarter, year) of createdAt, per group', load: async () => (await import('./trend.ts')).trendCommand() },
  { name: 'adoption', summary: 'Published adoption figures (derivatives, downloads, download and token shares) per family, maker or country, dated and sourced', load: async () => (await import('./adoption.ts')).adoptionCommand() },
  { name: 'leaders', summary: 'Who leads a leaderboard: shares of its top N by country, maker, open or closed weights or licence class, over time, and the best open and closed models', load: async () => (await import('./leaders.ts')).leadersCommand() },
  { name: 'completion', summary: 'Print a completion script for bash, zsh or fish (how to load it is at its top)', load: async () => (await import('./completion.ts')).completionCommand() },
];
