// Types for scripts/build.mjs (plain JavaScript, so it runs before anything is compiled).
export function distIsFresh(): boolean;
export function buildDist(opts?: { force?: boolean; log?: (line: string) => void }): 'fresh' | 'built';
export function build(opts?: {
  force?: boolean;
  log?: (line: string) => void;
}): Promise<{ dist: 'fresh' | 'built'; web: 'fresh' | 'built' }>;
