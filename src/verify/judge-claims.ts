import type { Model } from '../domain/model.ts';
import type { SourceRef } from '../domain/source.ts';
import type { Evidence, Verdict } from '../domain/verify.ts';
import { foldName } from './alias-index.ts';
import type { StatedDate } from './read-dates.ts';
import type { VerifyIndex } from './verify-index.ts';

export interface Judgement {
  verdict: Verdict;
  evidence: Evidence[];
  explanation: string;
}

const src = (ref: SourceRef | undefined, m: Model): { url: string; title: string } => {
  const r = ref ?? m.sources[0];
  return r ? { url: r.url, title: r.title ?? r.url } : { url: '', title: m.file };
};
const factSource = (m: Model, fact: string) => src(m.provenance[fact], m);

const unverifiable = (explanation: string, evidence: Evidence[] = []): Judgement => ({
  verdict: 'unverifiable',
  evidence,
  explanation,
});

/** Formats a count as people write it: 6.71e11 → "671B". */
function formatCount(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [v, u] of units) if (n >= v) return `${Number((n / v).toPrecision(4))}${u}`;
  return String(n);
}

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The interval of days a catalog date names (`2025-01` is all of January). */
function catalogInterval(value: string): [string, string] {
  const [y, m, d] = value.split('-').map(Number) as [number, number?, number?];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d !== undefined && m !== undefined) return [value, value];
  if (m !== undefined) return [`${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(lastDay(y, m))}`];
  return [`${y}-01-01`, `${y}-12-31`];
}

/** A stated date against the catalog's release (and announcement) date of one model. */
export function judgeDate(m: Model, stated: StatedDate, future: boolean): Judgement {
  if (!stated.from || !stated.to)
    return unverifiable(
      'The text gives a relative or year-less date and no article date was given (--date).',
    );
  if (!m.released) return unverifiable(`The catalog holds no release date for ${m.name}.`);
  const evidence: Evidence[] = [
    { id: m.id, field: 'released', value: m.released, source: factSource(m, 'released') },
  ];
  const [cFrom, cTo] = catalogInterval(m.released);
  const sFrom = dayNumber(stated.from);
  const sTo = dayNumber(stated.to);
  const a = dayNumber(cFrom);
  const b = dayNumber(cTo);
  const what = stated.from === stated.to ? stated.from : `${stated.from} to ${stated.to}`;
  // A day either side: articles date by their own time zone.
  if (a >= sFrom - 1 && b <= sTo + 1) {
    const tz =
      stated.precision === 'day' && m.released.length === 10 && m.released !== stated.from
        ? ' (one day apart: within the one-day time-zone tolerance)'
        : '';
    return {
      verdict: 'supported',
      evidence,
      explanation: `The catalog dates ${m.name} to ${m.released}, within the stated ${what}${tz}.`,
    };
  }
  if (b >= sFrom - 1 && a <= sTo + 1) {
    return {
      verdict: 'supported',
      evidence,
      explanation: `The catalog knows ${m.name}'s release only as ${m.released}, which includes the stated ${what}.`,
    };
  }
  if (m.announced) {
    const [aFrom, aTo] = catalogInterval(m.announced);
    evidence.push({ id: m.id, field: 'announced', value: m.announced, source: factSource(m, 'announced') });
    if (dayNumber(aFrom) >= sFrom - 1 && dayNumber(aTo) <= sTo + 1)
      return {
        verdict: 'partly',
        evidence,
        explanation: `${m.name} was announced ${m.announced} (the stated ${what}) but released ${m.released}.`,
      };
  }
  if (future && m.weights !== 'open')
    return unverifiable(
      `The text announces a future release; the catalog holds ${m.released} for ${m.name}.`,
      evidence,
    );
  return {
    verdict: 'contradicted',
    evidence,
    explanation: `The catalog dates ${m.name} to ${m.released}, not ${what}.`,
  };
}

export interface StatedCount {
  value: number;
  precision: number;
  qualifier: 'exact' | 'about' | 'over' | 'under';
}

/** Whether a catalog figure is what the text states, within half a unit of the precision the text uses. */
export function countHolds(actual: number, s: StatedCount): { holds: boolean; note: string } {
  const half = s.precision / 2;
  if (s.qualifier === 'over') return { holds: actual >= s.value - half, note: 'stated as a lower bound' };
  if (s.qualifier === 'under') return { holds: actual <= s.value + half, note: 'stated as an upper bound' };
  const tol = s.qualifier === 'about' ? Math.max(half, s.value * 0.05) : half;
  const holds = Math.abs(actual - s.value) <= tol * (1 + 1e-9);
  const note =
    s.qualifier === 'about'
      ? 'an approximate figure: within 5% or half a unit of its last digit'
      : `within half a unit of the precision the text uses (±${formatCount(half)})`;
  return { holds, note };
}

/** Stated total and/or active parameters against the model's recorded counts (any recorded count may hold). */
export function judgeParameters(m: Model, stated: { total?: StatedCount; active?: StatedCount }): Judgement {
  const counts = [...m.parameterCounts].sort((a, b) => Number(b.canonical) - Number(a.canonical));
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  let held = 0;
  let checked = 0;
  for (const field of ['total', 'active'] as const) {
    const s = stated[field];
    if (!s) continue;
    const withField = counts.filter((c) => c[field] !== null);
    if (withField.length === 0) {
      parts.push(`the catalog holds no ${field} parameter count`);
      continue;
    }
    checked++;
    const match = withField.find((c) => countHolds(c[field] as number, s).holds);
    const used = match ?? withField[0];
    if (!used) continue;
    evidence.push({
      id: m.id,
      field: `parameters.${field}`,
      value: used[field],
      source: { url: used.source.url, title: used.source.title ?? used.source.url },
    });
    const note = countHolds(used[field] as number, s).note;
    if (match) {
      held++;
      parts.push(
        `${field} ${formatCount(used[field] as number)} (${used.method}${used.canonical ? '' : ', not the canonical count'}) matches the stated ${formatCount(s.value)}, ${note}`,
      );
    } else {
      const other = field === 'total' ? 'active' : 'total';
      const swapped = withField.some((c) => c[other] !== null && countHolds(c[other] as number, s).holds);
      parts.push(
        `${field} is ${formatCount(used[field] as number)}, not ${formatCount(s.value)}${swapped ? ` (${formatCount(s.value)} is its ${other} count)` : ''}`,
      );
    }
  }
  if (checked === 0) return unverifiable(`For ${m.name}, ${parts.join('; ')}.`);
  const verdict: Verdict = held === checked ? 'supported' : held > 0 ? 'partly' : 'contradicted';
  return { verdict, evidence, explanation: `${m.name}: ${parts.join('; ')}.` };
}

/** A stated ratio of parameters between two models, on total and on active counts. */
export function judgeRatio(
  a: Model,
  b: Model,
  stated: { ratio: number; tolerance: number; written: string },
  fields: readonly ('total' | 'active')[] = ['total', 'active'],
): Judgement {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  let held = 0;
  let checked = 0;
  for (const field of fields) {
    const x = a.parameters[field] ?? (field === 'active' ? a.parameters.total : null);
    const y = b.parameters[field] ?? (field === 'active' ? b.parameters.total : null);
    if (x === null || y === null || y === 0) continue;
    checked++;
    const r = x / y;
    const ok = Math.abs(r - stated.ratio) <= stated.tolerance * (1 + 1e-9);
    if (ok) held++;
    for (const [m, v] of [
      [a, x],
      [b, y],
    ] as const) {
      const c = m.parameterCounts.find((p) => p.canonical) ?? m.parameterCounts[0];
      evidence.push({
        id: m.id,
        field: `parameters.${m.parameters[field] === null ? 'total' : field}`,
        value: v,
        source: c
          ? { url: c.source.url, title: c.source.title ?? c.source.url }
          : factSource(m, 'parameters'),
      });
    }
    parts.push(
      `${field}: ${formatCount(x)} / ${formatCount(y)} = ${fmtRatio(r, stated.written)} (${ok ? 'holds' : 'does not hold'} for the stated ${stated.written}, tolerance ±${fmtRatio(stated.tolerance, stated.written)})`,
    );
  }
  if (checked === 0)
    return unverifiable(`The catalog lacks the parameter counts of ${a.name} or ${b.name}.`, evidence);
  const verdict: Verdict = held === checked ? 'supported' : held > 0 ? 'partly' : 'contradicted';
  return { verdict, evidence, explanation: `${a.name} against ${b.name}: ${parts.join('; ')}.` };
}

const fmtRatio = (r: number, written: string) =>
  written.endsWith('%') ? `${Number((r * 100).toFixed(2))}%` : `${Number(r.toFixed(2))}`;

/** Weights announced for later (`judgeOpen`): released since, as announced or on another day, or not at all. */
function judgeOpenLater(
  m: Model,
  when: StatedDate | undefined,
  articleDate: string | undefined,
  evidence: Evidence[],
): Judgement {
  const open = m.weights === 'open';
  if (m.weights === 'announced')
    return {
      verdict: 'supported',
      evidence,
      explanation: `The catalog records ${m.name}'s weights as announced, not yet released.`,
    };
  if (!open)
    return {
      verdict: 'contradicted',
      evidence,
      explanation: `The catalog records ${m.name} as ${m.weights}: the weights did not follow.`,
    };
  if (m.released)
    evidence.push({ id: m.id, field: 'released', value: m.released, source: factSource(m, 'released') });
  if (when?.from && when.to && m.released) {
    const [f] = catalogInterval(m.released);
    const ok = dayNumber(f) >= dayNumber(when.from) - 1 && dayNumber(f) <= dayNumber(when.to) + 1;
    return ok
      ? {
          verdict: 'supported',
          evidence,
          explanation: `The weights of ${m.name} came out ${m.released}, as announced (${when.from} to ${when.to}).`,
        }
      : {
          verdict: 'partly',
          evidence,
          explanation: `The weights of ${m.name} came out, but ${m.released}, not ${when.from} to ${when.to}.`,
        };
  }
  if (articleDate && m.released && m.released < articleDate)
    return {
      verdict: 'partly',
      evidence,
      explanation: `The weights of ${m.name} were out already (${m.released}) before the article's date ${articleDate}.`,
    };
  return {
    verdict: 'supported',
    evidence,
    explanation: `The catalog records open weights for ${m.name}${m.released ? ` since ${m.released}` : ''}.`,
  };
}

/** Open weights stated (or denied, or announced for later) against the catalog's `weights`. */
export function judgeOpen(
  m: Model,
  stated: { open: boolean; later: boolean; when?: StatedDate | undefined },
  articleDate: string | undefined,
): Judgement {
  const evidence: Evidence[] = [
    { id: m.id, field: 'weights', value: m.weights, source: factSource(m, 'weights') },
  ];
  if (m.license.id)
    evidence.push({ id: m.id, field: 'license', value: m.license.id, source: factSource(m, 'license') });
  const open = m.weights === 'open';
  if (!stated.open) {
    return open
      ? {
          verdict: 'contradicted',
          evidence,
          explanation: `The catalog records open weights for ${m.name} (licence ${m.license.id}).`,
        }
      : {
          verdict: 'supported',
          evidence,
          explanation: `The catalog records ${m.name} as ${m.weights}: no open weights.`,
        };
  }
  if (stated.later) return judgeOpenLater(m, stated.when, articleDate, evidence);
  if (open)
    return {
      verdict: 'supported',
      evidence,
      explanation: `The catalog records open weights for ${m.name} (licence ${m.license.id}, ${m.license.class}).`,
    };
  if (m.weights === 'announced')
    return {
      verdict: 'partly',
      evidence,
      explanation: `The catalog records ${m.name}'s weights as announced but not released.`,
    };
  return {
    verdict: 'contradicted',
    evidence,
    explanation: `The catalog records ${m.name} as ${m.weights}: no open weights.`,
  };
}

/** A stated licence (an id, or only a class such as "open-source") against the model's licence. */
export function judgeLicence(
  m: Model,
  stated: { license?: string; class?: string },
  index: VerifyIndex,
): Judgement {
  const evidence: Evidence[] = [
    { id: m.id, field: 'license', value: m.license.id, source: factSource(m, 'license') },
  ];
  if (stated.license) {
    const ok = foldName(stated.license) === foldName(m.license.id);
    const named = index.licenses.get(stated.license)?.name ?? stated.license;
    return ok
      ? {
          verdict: 'supported',
          evidence,
          explanation: `The catalog records ${m.name} under ${m.license.name} (${m.license.id}).`,
        }
      : {
          verdict: 'contradicted',
          evidence,
          explanation: `The catalog records ${m.name} under ${m.license.name} (${m.license.id}), not ${named}.`,
        };
  }
  if (stated.class) {
    const ok = m.license.class === stated.class;
    return {
      verdict: ok ? 'supported' : 'contradicted',
      evidence,
      explanation: `The catalog classes ${m.name}'s licence ${m.license.id} as ${m.license.class}${ok ? '' : `, not ${stated.class}`}.`,
    };
  }
  return unverifiable('No licence named.');
}

/** A stated benchmark score against the model's recorded results (any variant may hold). */
export function judgeScore(m: Model, benchmark: string, score: StatedCount): Judgement {
  const key = foldName(benchmark);
  const results = m.benchmarks.filter((b) => foldName(b.benchmark) === key);
  if (results.length === 0) return unverifiable(`The catalog records no ${benchmark} result for ${m.name}.`);
  const ok = results.find((r) => countHolds(r.score, score).holds);
  const used = ok ?? results[0];
  if (!used) return unverifiable(`The catalog records no ${benchmark} result for ${m.name}.`);
  const evidence: Evidence[] = [
    {
      id: m.id,
      field: `benchmarks.${used.benchmark}${used.variant ? ` (${used.variant})` : ''}`,
      value: used.score,
      source: { url: used.source.url, title: used.source.title ?? used.source.url },
    },
  ];
  return ok
    ? {
        verdict: 'supported',
        evidence,
        explanation: `${m.name} scores ${used.score} on ${used.benchmark} (${used.metric}), the stated ${score.value} within half a unit of its precision.`,
      }
    : {
        verdict: 'contradicted',
        evidence,
        explanation: `${m.name} scores ${used.score} on ${used.benchmark} (${used.metric}), not ${score.value}.`,
      };
}

/** "A beats B on Y": both results from the catalog. */
export function judgeBeats(a: Model, b: Model, benchmark: string): Judgement {
  const key = foldName(benchmark);
  const ra = a.benchmarks.find((r) => foldName(r.benchmark) === key);
  const rb =
    b.benchmarks.find((r) => foldName(r.benchmark) === key && (!ra || r.variant === ra.variant)) ??
    b.benchmarks.find((r) => foldName(r.benchmark) === key);
  if (!ra || !rb)
    return unverifiable(`The catalog lacks a ${benchmark} result for ${!ra ? a.name : b.name}.`);
  const evidence: Evidence[] = [ra, rb].map((r, i) => ({
    id: (i === 0 ? a : b).id,
    field: `benchmarks.${r.benchmark}`,
    value: r.score,
    source: { url: r.source.url, title: r.source.title ?? r.source.url },
  }));
  const ok = ra.score > rb.score;
  return {
    verdict: ok ? 'supported' : 'contradicted',
    evidence,
    explanation: `On ${ra.benchmark}, ${a.name} scores ${ra.score} and ${b.name} ${rb.score}.`,
  };
}

/**
 * Stated counts about a family ("the series includes a 47B-active MoE and a 0.3B dense model"): a figure holds when
 * some member has it; one that is some member's other count (total for active) half holds.
 */
export function judgeFamilyParameters(
  family: string,
  members: Model[],
  stated: { total?: StatedCount; active?: StatedCount },
): Judgement {
  const evidence: Evidence[] = [];
  const parts: string[] = [];
  let score = 0;
  let checked = 0;
  for (const field of ['total', 'active'] as const) {
    const s = stated[field];
    if (!s) continue;
    checked++;
    const other = field === 'total' ? 'active' : 'total';
    const hit = members.find(
      (m) => m.parameters[field] !== null && countHolds(m.parameters[field] as number, s).holds,
    );
    const swapped = hit
      ? undefined
      : members.find(
          (m) => m.parameters[other] !== null && countHolds(m.parameters[other] as number, s).holds,
        );
    const used = hit ?? swapped;
    if (used) {
      const f = hit ? field : other;
      const c = used.parameterCounts.find((p) => p.canonical) ?? used.parameterCounts[0];
      evidence.push({
        id: used.id,
        field: `parameters.${f}`,
        value: used.parameters[f],
        source: c
          ? { url: c.source.url, title: c.source.title ?? c.source.url }
          : factSource(used, 'parameters'),
      });
      score += hit ? 1 : 0.5;
      parts.push(
        hit
          ? `${used.name} has ${formatCount(used.parameters[f] as number)} ${f} parameters (the stated ${formatCount(s.value)})`
          : `${formatCount(s.value)} is the ${other} count of ${used.name}, not a ${field} count`,
      );
    } else {
      parts.push(`no member has ${formatCount(s.value)} ${field} parameters`);
    }
  }
  if (checked === 0 || members.length === 0)
    return unverifiable(`The catalog holds no parameter counts for ${family}.`);
  if (evidence.length === 0) {
    for (const m of members.slice(0, 3)) {
      const c = m.parameterCounts.find((p) => p.canonical) ?? m.parameterCounts[0];
      if (c)
        evidence.push({
          id: m.id,
          field: 'parameters.total',
          value: m.parameters.total,
          source: { url: c.source.url, title: c.source.title ?? c.source.url },
        });
    }
  }
  const verdict: Verdict = score === checked ? 'supported' : score > 0 ? 'partly' : 'contradicted';
  return { verdict, evidence, explanation: `${family} (${members.length} members): ${parts.join('; ')}.` };
}
