import type { Claim, VerifyResult } from '../domain/verify.ts';
import { leadersAt } from '../store/board-leaders.ts';
import type { Deps } from '../store/deps.ts';

/** The board a "top N models" claim is read against: the human-preference arena most articles quote. */
const RANKING_BOARD = 'lmarena-text';

/**
 * Judges the `ranking_share` claims of a result against the leaderboard the store holds (its snapshot at or before
 * the article's date): the stated count (or share) of the top N in a country or among open-weight models, within
 * half a unit of what the text states. Without a board or a snapshot the claim stays unverifiable, saying why.
 */
export async function judgeRankingShares(
  result: VerifyResult,
  deps: Deps,
  date: string | undefined,
): Promise<VerifyResult> {
  if (!result.claims.some((c) => c.type === 'ranking_share' && c.stated.top !== undefined)) return result;
  const claims: Claim[] = [];
  for (const c of result.claims) claims.push(c.type === 'ranking_share' ? await judgeOne(c, deps, date) : c);
  return { ...result, claims };
}

async function judgeOne(c: Claim, deps: Deps, date: string | undefined): Promise<Claim> {
  const { top, count, percent, group, value, board } = c.stated as {
    board?: string | null;
    top?: number;
    count?: number;
    percent?: number;
    group?: 'country' | 'weights';
    value?: string;
  };
  if (!top || !group || !value) return c;
  let answer: Awaited<ReturnType<typeof leadersAt>>;
  try {
    answer = await leadersAt(deps, {
      board: RANKING_BOARD,
      top,
      group,
      open: false,
      ...(date ? { at: date } : {}),
    });
  } catch (e) {
    return {
      ...c,
      explanation: `The observatory holds no ${RANKING_BOARD} snapshot to check it against${date ? ` on or before ${date}` : ''} (${(e as Error).message}).`,
    };
  }
  const row = answer.rows.find((r) => r.group === value);
  const actual = row?.count ?? 0;
  const total = answer.resolved.total;
  const unresolved = answer.unresolved.length;
  const evidence = [
    {
      id: `board:${RANKING_BOARD}`,
      field: `top ${top} by ${group} (${answer.at})`,
      value: { [value]: actual, total, unresolved },
      source: { url: answer.source.url, title: answer.source.title },
    },
  ];
  const stated = count ?? ((percent ?? 0) * total) / 100;
  // Unresolved rows could be of the group: the claim holds when the stated count lies between what is known and
  // what it could be with every unresolved row counted in.
  const tolerance = count !== undefined ? 0.5 : total / 200;
  const holds = stated >= actual - tolerance && stated <= actual + unresolved + tolerance;
  const what = count !== undefined ? `${count}` : `${percent}% (${stated.toFixed(1)} rows)`;
  const found = `In the ${RANKING_BOARD} snapshot of ${answer.at}, ${actual} of the top ${total} rows are ${value}${unresolved ? ` and ${unresolved} are unresolved` : ''}; the text states ${what}.`;
  if (!board)
    return {
      ...c,
      verdict: 'unverifiable',
      evidence,
      explanation: `The text does not say which leaderboard it counts on, so no verdict. ${found}`,
    };
  return {
    ...c,
    verdict: holds ? 'supported' : 'contradicted',
    evidence,
    explanation: found,
  };
}
