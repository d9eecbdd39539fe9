import type { Claim, Mention } from '../../src/domain/verify.ts';
import type { CorpusArticle, GoldClaim, GoldMention } from './read-verify-corpus.ts';

/**
 * Scores `omo verify` answers against the annotated corpus. Spans are code-point ranges [start, end).
 *
 * Matching rules:
 * - a predicted mention MATCHES a gold mention when their spans overlap and the predicted id is the gold id or
 *   one of its `alt` ids (a line name such as 通义千问 may count for `family:qwen` and for `alibaba`);
 * - a predicted claim MATCHES a gold claim when their spans overlap and their types are equal; when several
 *   predictions match one gold claim, its answer is one that names one of its subjects if any does ("R1 and V3
 *   came out at the start of the year" holds two claims in one span), then the one overlapping it most, then the
 *   first. A predicted claim is judged against the gold claims it matches in the same way.
 *
 * Figures (micro-averaged over the articles of a group):
 * - mention precision: predicted mentions that match a gold mention / predicted mentions;
 * - mention recall: gold mentions matched by a prediction / gold mentions;
 * - link accuracy: predicted mentions with the right id / predicted mentions that overlap a gold mention;
 * - claim recall: catalog-checkable gold claims (gold verdict other than `unverifiable`) that a prediction
 *   matches / catalog-checkable gold claims;
 * - verdict accuracy: matched catalog-checkable gold claims whose answer has the gold verdict / matched ones;
 * - contradicted caught: gold-`contradicted` claims whose answer is `contradicted` / gold-`contradicted` claims;
 * - alarm precision: predicted `contradicted` claims that match a gold-`contradicted` claim / predicted
 *   `contradicted` claims (an alarm on no annotated claim counts as wrong).
 */
export interface VerifyCounts {
  articles: number;
  predictedMentions: number;
  matchedPredictedMentions: number;
  goldMentions: number;
  matchedGoldMentions: number;
  linkedMentions: number;
  rightlyLinkedMentions: number;
  checkableClaims: number;
  foundCheckableClaims: number;
  rightVerdicts: number;
  goldContradicted: number;
  caughtContradicted: number;
  alarms: number;
  rightAlarms: number;
}

/** One way the answer differs from the gold annotation, for reading the errors of the dev split. */
export interface VerifyMiss {
  article: string;
  what:
    | 'missed mention'
    | 'wrong link'
    | 'spurious mention'
    | 'missed claim'
    | 'wrong verdict'
    | 'false alarm';
  text: string;
  detail: string;
}

export const emptyCounts = (): VerifyCounts => ({
  articles: 0,
  predictedMentions: 0,
  matchedPredictedMentions: 0,
  goldMentions: 0,
  matchedGoldMentions: 0,
  linkedMentions: 0,
  rightlyLinkedMentions: 0,
  checkableClaims: 0,
  foundCheckableClaims: 0,
  rightVerdicts: 0,
  goldContradicted: 0,
  caughtContradicted: 0,
  alarms: 0,
  rightAlarms: 0,
});

export function addCounts(into: VerifyCounts, c: VerifyCounts): VerifyCounts {
  for (const k of Object.keys(into) as (keyof VerifyCounts)[]) into[k] += c[k];
  return into;
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.min(a.end, b.end) - Math.max(a.start, b.start);

const rightId = (p: Mention, g: GoldMention) => p.id === g.id || (g.alt ?? []).includes(p.id);

const sharesSubject = (p: Claim, g: GoldClaim) => p.subjects.some((id) => g.subjects.includes(id));

/** Among `candidates` (all overlapping `span`), those that `prefer` if any, then the largest overlap, then the first. */
function closest<T extends { start: number; end: number }>(
  span: { start: number; end: number },
  candidates: T[],
  prefer: (c: T) => boolean,
): T | null {
  const preferred = candidates.filter(prefer);
  let best: T | null = null;
  for (const c of preferred.length > 0 ? preferred : candidates)
    if (best === null || overlap(c, span) > overlap(best, span)) best = c;
  return best;
}

/** The counts of one article's answer, and what it got wrong. */
export function scoreArticle(
  gold: CorpusArticle,
  predicted: { mentions: Mention[]; claims: Claim[] },
): { counts: VerifyCounts; misses: VerifyMiss[] } {
  const c = emptyCounts();
  const misses: VerifyMiss[] = [];
  const miss = (what: VerifyMiss['what'], text: string, detail: string) =>
    misses.push({ article: gold.id, what, text, detail });
  c.articles = 1;

  c.predictedMentions = predicted.mentions.length;
  c.goldMentions = gold.mentions.length;
  for (const p of predicted.mentions) {
    const overlapping = gold.mentions.filter((g) => overlap(p, g) > 0);
    if (overlapping.length === 0) {
      miss('spurious mention', p.text, `${p.kind} ${p.id}`);
      continue;
    }
    c.linkedMentions++;
    if (overlapping.some((g) => rightId(p, g))) {
      c.rightlyLinkedMentions++;
      c.matchedPredictedMentions++;
    } else miss('wrong link', p.text, `${p.id}, gold ${overlapping.map((g) => g.id).join(' | ')}`);
  }
  for (const g of gold.mentions) {
    if (predicted.mentions.some((p) => overlap(p, g) > 0 && rightId(p, g))) c.matchedGoldMentions++;
    else if (!predicted.mentions.some((p) => overlap(p, g) > 0))
      miss('missed mention', g.text, `${g.kind} ${g.id}`);
  }

  const answerOf = (g: GoldClaim): Claim | null =>
    closest(
      g,
      predicted.claims.filter((p) => p.type === g.type && overlap(p, g) > 0),
      (p) => sharesSubject(p, g),
    );
  for (const g of gold.claims) {
    const answer = answerOf(g);
    if (g.gold_verdict === 'contradicted') {
      c.goldContradicted++;
      if (answer?.verdict === 'contradicted') c.caughtContradicted++;
    }
    if (g.gold_verdict === 'unverifiable') continue;
    c.checkableClaims++;
    if (!answer) {
      miss('missed claim', g.text, `${g.type}, gold ${g.gold_verdict}`);
      continue;
    }
    c.foundCheckableClaims++;
    if (answer.verdict === g.gold_verdict) c.rightVerdicts++;
    else
      miss(
        'wrong verdict',
        g.text,
        `${g.type}: ${answer.verdict}, gold ${g.gold_verdict} (${answer.explanation})`,
      );
  }
  for (const p of predicted.claims) {
    if (p.verdict !== 'contradicted') continue;
    c.alarms++;
    const matched = closest(
      p,
      gold.claims.filter((g) => g.type === p.type && overlap(p, g) > 0),
      (g) => sharesSubject(p, g),
    );
    if (matched?.gold_verdict === 'contradicted') c.rightAlarms++;
    else
      miss(
        'false alarm',
        p.text,
        `${p.type}: ${matched ? `gold ${matched.gold_verdict}` : 'no gold claim'} (${p.explanation})`,
      );
  }
  return { counts: c, misses };
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/** The figures of a group of articles, as fractions (null where the denominator is 0). */
export function verifyFigures(c: VerifyCounts) {
  return {
    mentionPrecision: ratio(c.matchedPredictedMentions, c.predictedMentions),
    mentionRecall: ratio(c.matchedGoldMentions, c.goldMentions),
    linkAccuracy: ratio(c.rightlyLinkedMentions, c.linkedMentions),
    claimRecall: ratio(c.foundCheckableClaims, c.checkableClaims),
    verdictAccuracy: ratio(c.rightVerdicts, c.foundCheckableClaims),
    contradictedCaught: ratio(c.caughtContradicted, c.goldContradicted),
    alarmPrecision: ratio(c.rightAlarms, c.alarms),
  };
}
