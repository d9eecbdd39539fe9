import type { Model } from '../domain/model.ts';
import type { Claim, ClaimType, Mention, VerifyOptions, VerifyResult } from '../domain/verify.ts';
import { foldName } from './alias-index.ts';
import { detectLanguage } from './detect-language.ts';
import { findMentions, type RawMention } from './find-mentions.ts';
import {
  type Judgement,
  judgeBeats,
  judgeDate,
  judgeFamilyParameters,
  judgeLicence,
  judgeOpen,
  judgeParameters,
  judgeRatio,
  judgeScore,
  type StatedCount,
} from './judge-claims.ts';
import { inputSpan, type PreparedText, prepareText } from './prepare-text.ts';
import { readDates, type StatedDate } from './read-dates.ts';
import { type Quantity, readQuantities } from './read-quantities.ts';
import { splitSentences } from './split-sentences.ts';
import type { VerifyIndex } from './verify-index.ts';

const RELEASE =
  /releas|launch|unveil|introduc|debut|came out|rolled out|roll out|publish|announc|open[- ]?sourc|dropped|ship|arriv|发布|發布|发行|發佈|推出|上线|上線|开源|開源|亮相|面世|问世|問世|发表|發表|公布|जारी|लॉन्च|पेश|रिलीज|उतार|प्रस्तुत|शुरुआत|अनावरण|घोषणा|लाया|लाई|выпуст|выпуск|выпущ|представ|вышл|вышел|выход|релиз|запуст|анонс|опубликова|появил/u;
const TOTAL = /\btotal\b|总参数|總參數|कुल|общ/u;
const PARAM = /param|参数|參數|पैरामीटर|पेरामीटर|параметр/u;
const ACTIVE = /activ|激活|啟用|सक्रिय|एक्टिव|активн/u;
const OPEN =
  /open[- ]?sourc|open[- ]?weight|weights|hugging ?face|publicly available|available for download|downloadable|公开了|公開了|सार्वजनिक रूप से उपलब्ध|в открытом доступе|开源|開源|开放权重|權重|权重|ओपन[- ]?सोर्स|ओपन[- ]?वेट|वेट्स|открыт\p{L}* (?:исходн|вес)|открыт\p{L}* исходн|открытыми весами|открытым исходным|с открыт|открыл\p{L}* (?:исходн|вес|код)|опенсорс|в открытый доступ|open model/u;
const NEGATED =
  /closed[- ]?source|proprietary|not open|isn't open|is not open|api[- ]only|闭源|未开源|不开源|没有开源|क्लोज्ड|बंद स्रोत|закрыт|не открыт|проприетар|не выложил/u;
const FUTURE =
  /\bwill\b|plans? to|planned|going to|\blater\b|upcoming|\bsoon\b|将于|将会|将在|将开源|计划|即将|करेगा|करेगी|करेंगे|की योजना|होगा|होगी|будет|планир|собира|намерен/u;
const LICENCE = /licen[cs]|许可|許可|协议|協議|लाइसेंस|लायसेंस|лицензи/u;
const BEATS =
  /outperform|\bbeats?\b|beating|surpass|exceed|\bahead of\b|better than|\btops?\b|超越|超过|优于|胜过|领先|击败|पछाड़|पछाड\u093c|पीछे छोड़|पीछे छोड\u093c|से बेहतर|превосход|обход|опережа|лучше/u;
const SMALLER = /smaller|fewer|less|\bhalf\b|小|少|छोटा|छोटी|कम|आधे|меньше|вдвое меньш/u;
/** Ratios in words: "twice", "half", "вдвое", "两倍", "दोगुना". */
const WORD_TIMES =
  /\btwice\b|\bhalf (?:the|as)\b|\bhalf of\b|вдвое|в два раза|вполовину|一半|两倍|兩倍|दोगुन|दुगुन|आधे/u;
const LARGER = /larger|bigger|more|greater|大|多|बड़ा|बड़ी|ज्यादा|ज़्यादा|अधिक|больше/u;
const NOT_PARAMS =
  /\$|dollar|usd|yuan|元|美元|रुपये|डॉलर|долл|руб|token|токен|टोकन|用户|users|downloads|下载|gpu|hours|小时|घंटे|час|employees|revenue|valuation|funding|投资|融资|市值|निवेश|выручк|инвест|images|pages|words|characters|context/u;
const RANKING =
  /\btop[- ]?\d+\b|前\s?\d+|टॉप[- ]?\d+|शीर्ष \d+|топ[- ]?\d+|первой \d+|leaderboard|排行榜|榜单|लीडरबोर्ड|рейтинг/u;
const PRONOUN =
  /\b(?:it|its|the model)\b|该模型|这款模型|它|यह मॉडल|इस मॉडल|इसे|इसका|इसके|इसमें|эта модель|модель|она|он /u;
const OPENS_WITH_PRONOUN =
  /^(?:it|its|this model|the model|该模型|这款模型|它|यह|इस मॉडल|эта модель|модель|она|он)(?![\p{L}])/u;
const OVER =
  /(?:over|more than|above|exceed(?:s|ing)?|in excess of|at least|超过|逾|超|以上|से अधिक|से ज्यादा|से ज़्यादा|более|свыше|больше|не менее)\s*$/u;
const UNDER = /(?:under|less than|below|fewer than|at most|up to|不到|低于|से कम|менее|меньше|до)\s*$/u;
const ABOUT =
  /(?:about|around|roughly|approximately|approx\.?|nearly|almost|some|~|约|大约|近|将近|लगभग|करीब|करीबन|около|примерно|почти|порядка)\s*$/u;
const AFTER_OVER = /^\s*(?:以上|多|से अधिक|से ज्यादा|से ज़्यादा|से भी अधिक|plus|\+)/u;

/** One sentence's view: its range and what lies in it. */
interface Sentence {
  start: number;
  end: number;
  lower: string;
  mentions: RawMention[];
  quantities: Quantity[];
  dates: StatedDate[];
}

/**
 * Reads a text (plain or HTML) and checks each claim it finds against the catalog held by `index`: deterministic,
 * offline, linear in the text's length. Offsets of the answer index `Array.from(text)`.
 */
export function verifyText(text: string, options: VerifyOptions, index: VerifyIndex): VerifyResult {
  const p = prepareText(text);
  const language = options.lang && options.lang !== 'auto' ? options.lang : detectLanguage(p.text);
  const raw = findMentions(p, index.aliases);
  const mentions: Mention[] = raw.map((m) => ({ ...inputSpan(p, m.start, m.end), kind: m.kind, id: m.id }));
  const quantities = readQuantities(p.lower);
  const dates = readDates(p.lower, options.date);
  const benchHits = findBenchmarks(p.lower, index);
  const sentences = splitSentences(p.text);
  const claims: Claim[] = [];
  let mi = 0;
  let qi = 0;
  let di = 0;
  let bi = 0;
  let carried: RawMention | null = null;
  let sinceCarried = 0;
  for (const s of sentences) {
    const take = <T extends { start: number; end: number }>(list: T[], from: number, out: T[]): number => {
      let k = from;
      while (k < list.length && (list[k] as T).start < s.start) k++;
      while (k < list.length && (list[k] as T).start < s.end) out.push(list[k++] as T);
      return k;
    };
    const sm: RawMention[] = [];
    const sq: Quantity[] = [];
    const sd: StatedDate[] = [];
    const sb: { start: number; end: number; name: string }[] = [];
    mi = take(raw, mi, sm);
    qi = take(quantities, qi, sq);
    di = take(dates, di, sd);
    bi = take(benchHits, bi, sb);
    const insideName = (q: { start: number; end: number }) =>
      sm.some((m) => q.start < m.end && q.end > m.start);
    const sentence: Sentence = {
      start: s.start,
      end: s.end,
      lower: p.lower.slice(s.start, s.end),
      mentions: sm,
      quantities: sq.filter((q) => !insideName(q) && !sd.some((d) => q.start < d.end && q.end > d.start)),
      dates: sd.filter((d) => !insideName(d)),
    };
    const subjects = sm.filter((m) => m.kind !== 'org');
    if (carried && subjects.length === 0 && (sinceCarried < 3 || PRONOUN.test(sentence.lower))) {
      // A sentence that names no model speaks of the one named last, a few sentences back at most.
      sentence.mentions = [...sm, { ...carried, carried: true }];
    } else if (carried && subjects.length > 0 && OPENS_WITH_PRONOUN.test(sentence.lower)) {
      // "The model … beats 46.9% of DeepSeek V3": the sentence opens about the model the text is about.
      sentence.mentions = [{ ...carried, start: s.start, end: s.start, carried: true }, ...sm];
    }
    const found = sentenceClaims(sentence, p, index, options, sb, carried);
    claims.push(...found);
    // The subject a sentence opens with is what it is about ("Kimi K2 beats DeepSeek-V3 …" is about Kimi K2).
    const lastSubject = sentence.mentions.find((m) => m.kind !== 'org');
    sinceCarried++;
    if (lastSubject && !(lastSubject.carried && subjects.length === 0)) {
      carried = { ...lastSubject, carried: false };
      sinceCarried = 0;
    }
  }
  return { language, mentions, claims };
}

function findBenchmarks(lower: string, index: VerifyIndex): { start: number; end: number; name: string }[] {
  const re = index.benchmarkPattern;
  if (!re) return [];
  const out: { start: number; end: number; name: string }[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(lower); m; m = re.exec(lower)) {
    const name = index.benchmarks.get(foldName(m[0]));
    if (name) out.push({ start: m.index, end: m.index + m[0].length, name });
  }
  return out;
}

/** What every claim type's reader of one sentence needs. */
interface SentenceContext {
  s: Sentence;
  p: PreparedText;
  index: VerifyIndex;
  options: VerifyOptions;
  benches: { start: number; end: number; name: string }[];
  previous: RawMention | null;
  /** A claim spanning the sentence. */
  claim: (type: ClaimType, subjects: string[], stated: Record<string, unknown>, j: Judgement) => Claim;
  subjects: RawMention[];
  models: (m: RawMention) => Model[];
  /** The sentence speaks of the future ("will open-source"). */
  future: boolean;
  /** The sentence speaks of open weights. */
  open: boolean;
}

function sentenceClaims(
  s: Sentence,
  p: PreparedText,
  index: VerifyIndex,
  options: VerifyOptions,
  benches: { start: number; end: number; name: string }[],
  previous: RawMention | null,
): Claim[] {
  const span = inputSpan(p, s.start, s.end);
  const claim = (
    type: ClaimType,
    subjects: string[],
    stated: Record<string, unknown>,
    j: Judgement,
  ): Claim => ({
    ...span,
    type,
    subjects,
    stated,
    verdict: j.verdict,
    evidence: j.evidence,
    explanation: j.explanation,
  });
  const subjects = uniqueSubjects(s.mentions);
  const models = (m: RawMention): Model[] => membersOf(m, index);
  const future = FUTURE.test(s.lower);
  const open = OPEN.test(s.lower);
  const c: SentenceContext = {
    s,
    p,
    index,
    options,
    benches,
    previous,
    claim,
    subjects,
    models,
    future,
    open,
  };
  return [
    ...releaseDateClaims(c),
    ...parameterClaims(c),
    ...parameterRatioClaims(c),
    ...openWeightClaims(c),
    ...licenceClaims(c),
    ...benchmarkClaims(c),
    ...rankingShareClaims(c),
  ];
}

/** Release_date: each dated subject is one claim; with several dates, each subject takes the nearest. */
function releaseDateClaims(c: SentenceContext): Claim[] {
  const { s, claim, subjects, models, future, open } = c;
  const out: Claim[] = [];
  if (s.dates.length && subjects.length && RELEASE.test(s.lower) && !(future && open)) {
    for (const m of subjects) {
      const d = nearest(s.dates, m);
      if (!d) continue;
      const stated = {
        date: d.from === d.to ? d.from : null,
        from: d.from,
        to: d.to,
        precision: d.precision,
        how: d.how,
      };
      out.push(
        claim(
          'release_date',
          [m.id],
          stated,
          judgeOver(models(m), m, (x) => judgeDate(x, d, future)),
        ),
      );
    }
  }
  return out;
}

/** Parameters: counts in a sentence about parameters, total or active by the words around them. */
function parameterClaims(c: SentenceContext): Claim[] {
  const { s, p, claim, subjects, models } = c;
  const out: Claim[] = [];
  const counts = s.quantities.filter((q) => q.kind === 'count' && q.value >= 1e6);
  if (
    counts.length &&
    subjects.length &&
    (PARAM.test(s.lower) || counts.some((q) => /^[bt]$/.test(q.unit)))
  ) {
    const bySubject = new Map<RawMention, { total?: StatedCount; active?: StatedCount }>();
    const activeCounts = activeQuantities(s, counts, p.lower);
    for (const q of counts) {
      const before = p.lower.slice(Math.max(s.start, q.start - 24), q.start);
      const after = p.lower.slice(q.end, Math.min(s.end, q.end + 24));
      if (NOT_PARAMS.test(after.slice(0, 16)) || /\$\s*$/.test(before)) continue;
      const isRatio = s.quantities.some((o) => o.kind === 'percent' || o.kind === 'times');
      if (isRatio && !PARAM.test(after) && !PARAM.test(before)) continue;
      const field = activeCounts.has(q) ? 'active' : 'total';
      const qualifier: StatedCount['qualifier'] =
        OVER.test(before) || AFTER_OVER.test(after)
          ? 'over'
          : UNDER.test(before)
            ? 'under'
            : ABOUT.test(before)
              ? 'about'
              : 'exact';
      const subject = nearestMention(subjects, q);
      if (!subject) continue;
      const entry = bySubject.get(subject) ?? {};
      if (!entry[field]) entry[field] = { value: q.value, precision: q.precision, qualifier };
      bySubject.set(subject, entry);
    }
    for (const [m, stated] of bySubject) {
      out.push(
        claim(
          'parameters',
          [m.id],
          statedCounts(stated),
          m.kind === 'family' && !m.partial
            ? judgeFamilyParameters(m.id, models(m), stated)
            : judgeOver(models(m), m, (x) => judgeParameters(x, stated)),
        ),
      );
    }
  }
  return out;
}

/** Parameter_ratio: "5% of the parameters", "20 times smaller" between two named models. */
function parameterRatioClaims(c: SentenceContext): Claim[] {
  const { s, p, index, previous, claim, subjects } = c;
  const out: Claim[] = [];
  let ratioQ = s.quantities.find((q) => q.kind === 'percent' || q.kind === 'times');
  const word = ratioQ ? null : WORD_TIMES.exec(s.lower);
  if (word)
    ratioQ = {
      start: s.start + word.index,
      end: s.start + word.index + word[0].length,
      value: 2,
      precision: 1,
      kind: 'times',
      unit: 'x',
    };
  let modelSubjects = subjects.filter((m) => m.kind === 'model');
  // "… with half the active parameters of DeepSeek-V3": the other side is the model the text is about.
  if (modelSubjects.length === 1 && previous?.kind === 'model' && previous.id !== modelSubjects[0]?.id)
    modelSubjects = [previous, ...modelSubjects];
  if (
    ratioQ &&
    modelSubjects.length >= 2 &&
    (PARAM.test(s.lower) || /size|размер|आकार|规模|体积/u.test(s.lower))
  ) {
    const b = nearestMention(modelSubjects, ratioQ) as RawMention;
    const a = modelSubjects.find((m) => m.id !== b.id);
    const ma = a && index.models.get(a.id);
    const mb = index.models.get(b.id);
    if (a && ma && mb) {
      let ratio: number;
      let tolerance: number;
      let written: string;
      if (ratioQ.kind === 'percent') {
        ratio = ratioQ.value / 100;
        tolerance = ratioQ.precision / 200;
        written = `${ratioQ.value}%`;
      } else {
        const ctx = p.lower.slice(ratioQ.start - 6, Math.min(s.end, ratioQ.end + 20));
        const smaller = SMALLER.test(ctx) && !LARGER.test(ctx.replace(new RegExp(SMALLER.source, 'gu'), ''));
        ratio = smaller ? 1 / ratioQ.value : ratioQ.value;
        const tolTimes = Math.max(ratioQ.precision / 2, ratioQ.value * 0.05);
        tolerance = smaller ? 1 / (ratioQ.value - tolTimes) - ratio : tolTimes;
        written = smaller ? `1/${ratioQ.value}` : `${ratioQ.value}×`;
      }
      const stated = { ratio, written, of: 'parameters' };
      // "half the active parameters": the text names which count it compares.
      const fields: ('total' | 'active')[] =
        ACTIVE.test(s.lower) && !TOTAL.test(s.lower) ? ['active'] : ['total', 'active'];
      out.push(
        claim(
          'parameter_ratio',
          [a.id, b.id],
          { ...stated, ...(fields.length === 1 ? { counts: 'active' } : {}) },
          a.partial || b.partial
            ? judgeOver([], a.partial ? a : b, () => ({
                verdict: 'unverifiable',
                evidence: [],
                explanation: '',
              }))
            : judgeRatio(ma, mb, { ratio, tolerance, written }, fields),
        ),
      );
    }
  }
  return out;
}

/** Open_weights: open-sourced, weights released, announced for later, or denied. */
function openWeightClaims(c: SentenceContext): Claim[] {
  const { s, options, claim, subjects, models, future, open } = c;
  const out: Claim[] = [];
  if (open && subjects.length) {
    const when = future ? s.dates[0] : undefined;
    for (const m of subjects) {
      // "unlike closed models, R1 is open": the word nearer to the subject decides.
      const negated = nearestMatch(NEGATED, s, m) < nearestMatch(OPEN, s, m);
      const stated = {
        open: !negated,
        later: future && !negated,
        ...(when ? { from: when.from, to: when.to } : {}),
      };
      out.push(
        claim(
          'open_weights',
          [m.id],
          stated,
          judgeOver(models(m), m, (x) => judgeOpen(x, { ...stated, when }, options.date)),
        ),
      );
    }
  } else if (NEGATED.test(s.lower) && subjects.length) {
    for (const m of subjects) {
      const stated = { open: false, later: false };
      out.push(
        claim(
          'open_weights',
          [m.id],
          stated,
          judgeOver(models(m), m, (x) => judgeOpen(x, stated, options.date)),
        ),
      );
    }
  }
  return out;
}

/** Licence: a licence the catalog knows named in a sentence about licences. */
function licenceClaims(c: SentenceContext): Claim[] {
  const { s, index, claim, subjects, models } = c;
  const out: Claim[] = [];
  if (LICENCE.test(s.lower) && subjects.length) {
    const hit = index.licenseKeys.find(([re]) => re.test(s.lower));
    if (hit) {
      for (const m of subjects) {
        const stated = { license: hit[1] };
        out.push(
          claim(
            'licence',
            [m.id],
            stated,
            judgeOver(models(m), m, (x) => judgeLicence(x, stated, index)),
          ),
        );
      }
    }
  }
  return out;
}

/** Benchmark: a score next to a benchmark name, or "A beats B on Y". */
function benchmarkClaims(c: SentenceContext): Claim[] {
  const { s, index, benches, claim, subjects } = c;
  const out: Claim[] = [];
  for (const bench of benches) {
    const score = s.quantities
      .filter((q) => (q.kind === 'percent' || q.kind === 'plain') && q.value <= 100 && q.value > 0)
      .filter((q) => Math.min(Math.abs(q.start - bench.end), Math.abs(bench.start - q.end)) <= 40)
      .sort((x, y) => dist(x, bench) - dist(y, bench))[0];
    const ms = subjects.filter((m) => m.kind === 'model');
    if (score && ms.length) {
      const before = ms.filter((x) => x.end <= Math.min(score.start, bench.start));
      const m = (before.length ? before[before.length - 1] : nearestMention(ms, score)) as RawMention;
      const model = m.partial ? undefined : index.models.get(m.id);
      if (model) {
        const stated = { benchmark: bench.name, score: score.value };
        const j = judgeScore(model, bench.name, {
          value: score.value,
          precision: score.precision,
          qualifier: 'exact',
        });
        out.push(claim('benchmark', [m.id], stated, j));
      }
    } else if (ms.length >= 2 && BEATS.test(s.lower)) {
      const [a, b] = ms as [RawMention, RawMention];
      const ma = index.models.get(a.id);
      const mb = index.models.get(b.id);
      if (ma && mb)
        out.push(
          claim(
            'benchmark',
            [a.id, b.id],
            { benchmark: bench.name, beats: b.id },
            judgeBeats(ma, mb, bench.name),
          ),
        );
    }
  }
  return out;
}

/** Ranking_share: "41 of the top 100 models are Chinese"; judged against a leaderboard by judgeRankingShares. */
function rankingShareClaims(c: SentenceContext): Claim[] {
  const { s, claim } = c;
  const out: Claim[] = [];
  if (RANKING.test(s.lower) && s.quantities.some((q) => q.kind === 'percent' || q.kind === 'plain')) {
    const stated = readRankingShare(s.lower);
    out.push(
      claim(
        'ranking_share',
        s.mentions.map((m) => m.id),
        stated ?? {},
        {
          verdict: 'unverifiable',
          evidence: [],
          explanation: stated
            ? 'A share of a leaderboard: no leaderboard snapshot was consulted.'
            : 'A share of a leaderboard whose count, top N or group could not be read.',
        },
      ),
    );
  }
  return out;
}

/** Each "active" word belongs to the count nearest to it (a comma between them counts as distance). */
function activeQuantities(s: Sentence, counts: Quantity[], lower: string): Set<Quantity> {
  const out = new Set<Quantity>();
  const re = new RegExp(ACTIVE.source, 'gu');
  for (let m = re.exec(s.lower); m; m = re.exec(s.lower)) {
    const at = { start: s.start + m.index, end: s.start + m.index + m[0].length };
    let best: Quantity | undefined;
    let bestD = 30;
    for (const q of counts) {
      const gap = q.end <= at.start ? lower.slice(q.end, at.start) : lower.slice(at.end, q.start);
      const d = dist(q, at) + (/[,，;；()（）]/.test(gap) ? 12 : 0);
      if (d < bestD) {
        best = q;
        bestD = d;
      }
    }
    if (best) out.add(best);
  }
  return out;
}

const COUNTRY_WORDS: [RegExp, string][] = [
  [/chinese|china|中国|中國|国产|चीनी|चीन|кита/u, 'CN'],
  [/american|\bu\.?s\.?\b|united states|美国|美國|अमेरिकी|अमेरिका|американ|сша/u, 'US'],
  [/french|france|法国|फ्रांसीसी|франц/u, 'FR'],
];

/**
 * "41 of the top 100 models are Chinese", "41% of the top 100", "前100名中有41个", "टॉप 100 में से 41",
 * "41 из топ-100": a count (or percentage) of the top N of a leaderboard in a country or among open models.
 */
export function readRankingShare(lower: string): Record<string, unknown> | null {
  const m =
    /(\d+(?:\.\d+)?)\s*(%|percent)?\s*(?:of|out of|из|में से)\s+(?:the\s+)?(?:top|топ|первой|टॉप|शीर्ष)[\s-]*(\d+)/u.exec(
      lower,
    ) ?? null;
  let count: number | null = null;
  let percent: number | null = null;
  let top: number | null = null;
  if (m) {
    top = Number(m[3]);
    if (m[2]) percent = Number(m[1]);
    else count = Number(m[1]);
  } else {
    const zh = /前\s*(\d+)\s*(?:名|个|個|款)?[^0-9。]{0,12}?(\d+(?:\.\d+)?)\s*(%|个|個|款|席)/u.exec(lower);
    const hi = /(?:टॉप|शीर्ष)\s*(\d+)\s*(?:में से|में)\s*(\d+(?:\.\d+)?)\s*(%|प्रतिशत)?/u.exec(lower);
    const hit = zh ?? hi;
    if (!hit) return null;
    top = Number(hit[1]);
    if (hit[3] === '%' || hit[3] === 'प्रतिशत') percent = Number(hit[2]);
    else count = Number(hit[2]);
  }
  const open = /open[- ]?(?:source|weight)|开源|開源|ओपन|открыт/u.test(lower);
  const country = COUNTRY_WORDS.find(([re]) => re.test(lower))?.[1] ?? null;
  if (!country && !open) return null;
  // Only a text that names the arena says which board it counts on.
  const arena = /arena|арен|अरीना|竞技场|競技場/u.test(lower);
  return {
    top,
    board: arena ? 'lmarena-text' : null,
    ...(count !== null ? { count } : { percent }),
    group: country ? 'country' : 'weights',
    value: country ?? 'open',
  };
}

/** The distance from mention `m` to the nearest match of `re` in the sentence (Infinity when none). */
function nearestMatch(re: RegExp, s: Sentence, m: RawMention): number {
  const g = new RegExp(re.source, 'gu');
  let best = Number.POSITIVE_INFINITY;
  for (let x = g.exec(s.lower); x; x = g.exec(s.lower)) {
    const at = { start: s.start + x.index, end: s.start + x.index + x[0].length };
    best = Math.min(best, dist(m, at));
  }
  return best;
}

const dist = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.end <= b.start ? b.start - a.end : a.start >= b.end ? a.start - b.end : 0;

/** The subject nearest to `q`, a preceding one winning ties (subjects come before their figures). */
function nearestMention(list: RawMention[], q: { start: number; end: number }): RawMention | undefined {
  let best: RawMention | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const m of list) {
    const d = dist(m, q) + (m.start > q.end ? 0.5 : 0);
    if (d < bestD) {
      best = m;
      bestD = d;
    }
  }
  return best;
}

function nearest(dates: StatedDate[], m: RawMention): StatedDate | undefined {
  if (dates.length === 1) return dates[0];
  let best: StatedDate | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const d of dates) {
    const x = dist(m, d) + (d.end <= m.start ? 0.5 : 0);
    if (x < bestD) {
      best = d;
      bestD = x;
    }
  }
  return best;
}

/** Model and family mentions, once per id, in order (organisations are not subjects of these claims). */
function uniqueSubjects(mentions: RawMention[]): RawMention[] {
  const seen = new Set<string>();
  const out: RawMention[] = [];
  for (const m of [...mentions].sort((a, b) => a.start - b.start)) {
    if (m.kind === 'org' || seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
  }
  return out;
}

function membersOf(m: RawMention, index: VerifyIndex): Model[] {
  if (m.kind === 'model') {
    const model = index.models.get(m.id);
    return model ? [model] : [];
  }
  const fam = index.aliases.families.get(m.id.replace(/^family:/, ''));
  return (fam?.members ?? []).map((id) => index.models.get(id)).filter((x): x is Model => x !== undefined);
}

/** A model's judgement, or for a family: supported when a member holds it, else the first member's judgement. */
function judgeOver(models: Model[], m: RawMention, judge: (x: Model) => Judgement): Judgement {
  if (m.partial)
    return {
      verdict: 'unverifiable',
      evidence: [],
      explanation: `The text names a model the catalog does not hold (a name beyond ${m.id}); its facts cannot be checked.`,
    };
  if (models.length === 0)
    return { verdict: 'unverifiable', evidence: [], explanation: `The catalog holds nothing on ${m.id}.` };
  if (models.length === 1) return judge(models[0] as Model);
  const all = models.map(judge);
  const ok = all.find((j) => j.verdict === 'supported');
  if (ok) return { ...ok, explanation: `Family ${m.id}: ${ok.explanation}` };
  const decided = all.filter((j) => j.verdict !== 'unverifiable');
  if (decided.length === 0)
    return { ...(all[0] as Judgement), explanation: `Family ${m.id}: ${all[0]?.explanation}` };
  const partly = decided.find((j) => j.verdict === 'partly');
  const pick = partly ?? (decided[0] as Judgement);
  return {
    verdict: pick.verdict,
    evidence: decided.flatMap((j) => j.evidence).slice(0, 6),
    explanation: `Family ${m.id} (${models.length} members): no member matches; ${pick.explanation}`,
  };
}

function statedCounts(s: { total?: StatedCount; active?: StatedCount }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.total) out.total = s.total.value;
  if (s.active) out.active = s.active.value;
  const q = s.total?.qualifier ?? s.active?.qualifier;
  if (q && q !== 'exact') out.qualifier = q;
  return out;
}
