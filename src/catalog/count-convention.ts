import type { ParamReport } from '../domain/param-report.ts';
import type { ModelFile } from './catalog-files.ts';

/** Stated and computed parameter counts further apart than this (relative to the computed one) are reported. */
const PARAMETER_TOLERANCE = 0.02;

/** A problem with one stated count: its field path and what is wrong. */
interface CountFinding {
  path: PropertyKey[];
  message: string;
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The catalog's count convention, checked against the config where one is attached (errors, not warnings: a
 * count on the wrong side of the convention ranks the model wrongly however close its figure looks — 685B
 * against 671B is only 2% apart):
 * - a canonical total is the model without its multi-token-prediction (MTP) modules, so a count that
 *   includes them (`includes_mtp = true`) is never canonical;
 * - where the config gives the MTP module, a stated total nearer the total with MTP than without it must
 *   say so (`includes_mtp = true`), and one marked so must be nearer the total with MTP;
 * - where the config describes a vision encoder that weighs more than the tolerance, a canonical total
 *   nearer the language model alone than the whole model leaves the encoder out, against the convention.
 */
export function checkCountConvention(
  m: ModelFile,
  isCanonical: (i: number) => boolean,
  report: ParamReport | null,
): CountFinding[] {
  const out: CountFinding[] = [];
  const mtp = report?.extra.mtp ?? 0;
  const vision = report?.components.vision ?? 0;
  m.parameters.forEach((p, i) => {
    const canonical = isCanonical(i);
    if (canonical && p.includes_mtp) {
      out.push({
        path: ['parameters', i, 'includes_mtp'],
        message:
          'a count that includes the MTP module is never canonical: mark a count without it canonical, or give the [config] `canonical = true`',
      });
    }
    if (!report || p.total === undefined) return;
    const total = report.total;
    if (mtp > 0) {
      const nearerWithMtp = Math.abs(p.total - (total + mtp)) < Math.abs(p.total - total);
      if (nearerWithMtp && !p.includes_mtp) {
        out.push({
          path: ['parameters', i, 'total'],
          message: `${n(p.total)} includes the MTP module (the config gives ${n(total)} without it, ${n(mtp)} for MTP): ${canonical ? 'a canonical total leaves MTP apart; state the count without it as canonical and ' : ''}mark this one \`includes_mtp = true\``,
        });
      } else if (!nearerWithMtp && p.includes_mtp) {
        out.push({
          path: ['parameters', i, 'includes_mtp'],
          message: `${n(p.total)} is the total without the MTP module (${n(total)} computed from the config), yet marked \`includes_mtp\``,
        });
      }
    }
    if (canonical && vision > total * PARAMETER_TOLERANCE) {
      if (Math.abs(p.total - (total - vision)) < Math.abs(p.total - total)) {
        out.push({
          path: ['parameters', i, 'total'],
          message: `${n(p.total)} leaves out the vision encoder (the config gives ${n(total)} in all, ${n(vision)} of it vision): a canonical total counts the whole model; record the language model's figure as a non-canonical count`,
        });
      }
    }
  });
  return out;
}

/**
 * Stated counts against the computed ones: totals without MTP against the computed total, totals that include
 * it (`includes_mtp`, and Hub safetensors totals, which store the MTP modules) against the computed total plus
 * MTP; stated active counts against the computed active count.
 */
export function compareCounts(m: ModelFile, report: ParamReport): CountFinding[] {
  const out: CountFinding[] = [];
  const off = (stated: number, computed: number) => Math.abs(stated - computed) / computed;
  m.parameters.forEach((p, i) => {
    // A figure read from the name is rounded by nature ("7B" for 7.6B); the config's count replaces it.
    if (p.method === 'name') return;
    const withMtp = report.total + (report.extra.mtp ?? 0);
    const pairs: ['total' | 'active', number | undefined, number][] =
      p.method === 'hub'
        ? [['total', p.total, withMtp]]
        : [
            ['total', p.total, p.includes_mtp ? withMtp : report.total],
            ['active', p.active, report.active],
          ];
    for (const [key, stated, computed] of pairs) {
      if (stated === undefined || computed === 0) continue;
      const diff = off(stated, computed);
      if (diff > PARAMETER_TOLERANCE) {
        out.push({
          path: ['parameters', i, key],
          message: `stated ${n(stated)} differs by ${(diff * 100).toFixed(1)}% from ${n(computed)} computed from the config`,
        });
      }
    }
  });
  return out;
}
