import { humanCount } from './format.ts';
import type { ParameterCount } from './model.ts';

/**
 * What a parameter count says about its parts, for the parameters tables of `omo show` and the model page: whether
 * its total counts the multi-token-prediction modules ("incl. 14B MTP", as Hub safetensors totals do) or records
 * them apart ("14B MTP apart"), and the vision encoder's share of it ("vision 400M"). Empty when it records neither,
 * so that a reader sees at once why two counts of one model differ.
 */
export function countParts(p: Pick<ParameterCount, 'mtp' | 'includesMtp' | 'vision'>): string {
  const parts: string[] = [];
  if (p.includesMtp) parts.push(p.mtp === null ? 'incl. MTP' : `incl. ${humanCount(p.mtp)} MTP`);
  else if (p.mtp !== null) parts.push(`${humanCount(p.mtp)} MTP apart`);
  if (p.vision !== null) parts.push(`vision ${humanCount(p.vision)}`);
  return parts.join(', ');
}
