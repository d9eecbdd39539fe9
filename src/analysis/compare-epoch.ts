import type { Model } from '../domain/model.ts';
import type { EpochModel } from '../sources/epoch/read-epoch-csv.ts';

export type EpochField = 'released' | 'parameters' | 'country';

export interface EpochDisagreement {
  model: string;
  file: string;
  epochName: string;
  epochLine: number;
  field: EpochField;
  /** `differs`: both state a value and they disagree; `missing`: Epoch states one the catalog lacks. */
  kind: 'differs' | 'missing';
  catalog: string | null;
  epoch: string;
  detail: string;
  /** The catalog's peer note for this field, when it has one. */
  acknowledged: string | null;
}

export interface EpochComparison {
  rows: number;
  matched: { model: string; epochName: string; epochLine: number }[];
  unmatched: { name: string; line: number; organizations: string[] }[];
  ambiguous: { name: string; line: number; models: string[] }[];
  disagreements: EpochDisagreement[];
}

/** Parameter counts closer than this (relative) agree: Epoch rounds, makers round. */
const EPOCH_PARAMETER_TOLERANCE = 0.02;

/**
 * A name as a bag of tokens, so "Qwen2.5 Instruct (72B)" and "Qwen2.5-72B-Instruct" meet: lower-cased, split on
 * spaces, dashes, underscores, slashes, brackets and commas, sorted.
 */
export function nameKey(name: string): string {
  return [
    ...new Set(
      name
        .toLowerCase()
        .split(/[\s\-_/()[\],:]+/)
        .filter((t) => t !== ''),
    ),
  ]
    .sort()
    .join(' ');
}

/** The name with every separator removed, in order, so "Baichuan 2-7B" meets "Baichuan2-7B". */
function squashKey(name: string): string {
  return `=${name.toLowerCase().replace(/[\s\-_/()[\],:]+/g, '')}`;
}

function modelKeys(m: Model): string[] {
  const repoNames = [m.id, ...m.huggingFace].map((r) => r.split('/')[1] ?? r);
  const names = [m.name, ...m.aliases, ...repoNames];
  return [...new Set([...names.map(nameKey), ...names.map(squashKey)])];
}

function sameDate(released: string, epoch: string): boolean {
  return epoch.startsWith(released);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function billions(n: number): string {
  return `${Number((n / 1e9).toPrecision(4))}B`;
}

/** Records one disagreement of a matched model: field, kind, the catalog's value, Epoch's value, a human detail. */
type AddDisagreement = (
  field: EpochField,
  kind: 'differs' | 'missing',
  catalog: string | null,
  epoch: string,
  detail: string,
) => void;

/** A release date Epoch gives that the catalog lacks, or that falls outside the catalog's (day, month or year). */
function compareRelease(m: Model, row: EpochModel, add: AddDisagreement): void {
  if (row.published) {
    if (!m.released) add('released', 'missing', null, row.published, 'the catalog has no release date');
    else if (!sameDate(m.released, row.published)) {
      const detail =
        m.releasedPrecision === 'day'
          ? `${plural(Math.abs(daysBetween(m.released, row.published)), 'day')} ${row.published > m.released ? 'later' : 'earlier'} in Epoch`
          : `Epoch's date is outside the catalog's ${m.releasedPrecision}`;
      add('released', 'differs', m.released, row.published, detail);
    }
  }
}

/** A parameter count no catalog count is within tolerance of (saying so when it is the active count). */
function compareParameters(m: Model, row: EpochModel, add: AddDisagreement): void {
  if (row.parameters !== null && row.parameters > 0) {
    const epoch = row.parameters;
    const totals = m.parameterCounts.flatMap((p) => (p.total === null ? [] : [p.total]));
    if (totals.length === 0)
      add(
        'parameters',
        'missing',
        null,
        String(epoch),
        `the catalog has no parameter count; Epoch: ${billions(epoch)}`,
      );
    else if (!totals.some((t) => Math.abs(t - epoch) / t <= EPOCH_PARAMETER_TOLERANCE)) {
      const canonical = m.parameters.total ?? totals[0] ?? 0;
      const active = m.parameters.active;
      const isActive = active !== null && Math.abs(active - epoch) / active <= EPOCH_PARAMETER_TOLERANCE;
      const ratio = epoch / canonical;
      add(
        'parameters',
        'differs',
        String(canonical),
        String(epoch),
        isActive
          ? `Epoch's figure is the active count (${billions(epoch)}), not the total (${billions(canonical)})`
          : `Epoch ${billions(epoch)} vs catalog ${billions(canonical)} (×${ratio.toFixed(2)})`,
      );
    }
  }
}

/** Countries that differ as sets, or that Epoch names but cannot be mapped to a code. */
function compareCountries(m: Model, row: EpochModel, add: AddDisagreement): void {
  if (row.countries.length > 0 || row.unknownCountries.length > 0) {
    const ours = [...m.countries].sort();
    const theirs = [...row.countries].sort();
    if (row.unknownCountries.length > 0 || ours.join(',') !== theirs.join(',')) {
      const unknown =
        row.unknownCountries.length > 0 ? ` (unmapped: ${row.unknownCountries.join(', ')})` : '';
      add(
        'country',
        'differs',
        ours.join(','),
        [...theirs, ...row.unknownCountries].join(','),
        `Epoch lists ${theirs.join(', ') || 'no known country'}${unknown}`,
      );
    }
  }
}

/** Matches Epoch rows to catalog models by name and lists where dates, parameter counts and countries disagree. */
export function compareWithEpoch(models: readonly Model[], rows: readonly EpochModel[]): EpochComparison {
  const byKey = new Map<string, Model[]>();
  for (const m of models) {
    for (const k of modelKeys(m)) byKey.set(k, [...(byKey.get(k) ?? []), m]);
  }
  const out: EpochComparison = {
    rows: rows.length,
    matched: [],
    unmatched: [],
    ambiguous: [],
    disagreements: [],
  };
  const seen = new Set<string>();
  for (const row of rows) {
    const candidates = [...new Set(byKey.get(nameKey(row.name)) ?? byKey.get(squashKey(row.name)) ?? [])];
    if (candidates.length === 0) {
      out.unmatched.push({ name: row.name, line: row.line, organizations: row.organizations });
      continue;
    }
    if (candidates.length > 1) {
      out.ambiguous.push({ name: row.name, line: row.line, models: candidates.map((m) => m.id) });
      continue;
    }
    const m = candidates[0] as Model;
    if (seen.has(m.id)) continue; // a model listed twice in one file is compared once
    seen.add(m.id);
    out.matched.push({ model: m.id, epochName: row.name, epochLine: row.line });
    const add: AddDisagreement = (field, kind, catalog, epoch, detail) => {
      const note = m.peerNotes.find((n) => n.peer === 'epoch' && n.field === field);
      out.disagreements.push({
        model: m.id,
        file: m.file,
        epochName: row.name,
        epochLine: row.line,
        field,
        kind,
        catalog,
        epoch,
        detail,
        acknowledged: note?.note ?? null,
      });
    };
    compareRelease(m, row, add);
    compareParameters(m, row, add);
    compareCountries(m, row, add);
  }
  return out;
}
