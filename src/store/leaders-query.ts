import { z } from 'zod';
import { LEADER_GROUPS } from '../boards/leaders.ts';
import { BoardId } from '../domain/board.ts';
import { isCalendarDay } from '../domain/calendar-day.ts';
import { BadRequestError } from '../domain/errors.ts';
import { choiceParam, textParam, wholeNumberParam } from '../domain/param-schemas.ts';

// The leaderboard questions' parameters as zod schemas: /api/leaders validates and documents its query string with
// them, `omo leaders` parses its flags with them, and a mistake names the parameter as the user gave it.

type Label = (param: string) => string;
const asParam: Label = (name) => name;
const asFlag: Label = (name) => `--${name}`;

/** The most rows a question takes from a board (boards list a few hundred models). */
export const MAX_LEADERS_TOP = 1000;

const board = (label: Label) =>
  textParam(label('board'), {
    required: `${label('board')} is required: a board id such as lmarena-text (GET /api/boards lists them)`,
    check: (value) => {
      if (!BoardId.safeParse(value).success)
        throw new Error(`${label('board')} takes a board id such as lmarena-text; got "${value}"`);
    },
  }).meta({ description: 'The board id (GET /api/boards lists them)', example: 'lmarena-text' });

const leadersQuery = (label: Label) =>
  z.object({
    board: board(label),
    top: wholeNumberParam(label('top'), 1, MAX_LEADERS_TOP, 100).meta({
      description: `How many of the board's first rows, by score, 1–${MAX_LEADERS_TOP} (default 100). Ties in the board's rank do not widen it: rows are placed by score, then rank, then the board's order.`,
    }),
    group: choiceParam(label('group'), LEADER_GROUPS, 'country').meta({
      description:
        'country, org (the maker), weights (open or closed, per the catalog) or license_class. Default country.',
    }),
    open: choiceParam(label('open'), ['true', 'false'], 'false')
      .transform((v) => v === 'true')
      .meta({
        description:
          'true: count only the open-weight rows among the top N (shares of those). Default false.',
      }),
    at: textParam(label('at'), {
      check: (value) => {
        if (!isCalendarDay(value))
          throw new Error(`${label('at')} takes a day as YYYY-MM-DD; got "${value}"`);
      },
    }).meta({
      description: "The board's latest snapshot at or before this day (YYYY-MM-DD); the latest without it.",
    }),
    over: textParam(label('over'), {
      check: (value) => {
        if (value !== 'time') throw new Error(`${label('over')} takes "time"; got "${value}"`);
      },
    }).meta({
      description:
        'time: the shares in every snapshot of the board, oldest first (`at` is then not allowed).',
    }),
  });
export const LeadersParams = leadersQuery(asParam);
export type LeadersParams = z.infer<typeof LeadersParams>;

export const BestParams = z.object({ board: board(asParam) });

const LeadersFlags = leadersQuery(asFlag);

/** Parses `omo leaders` flags with the route's schema; the first problem becomes a BadRequestError. */
export function parseLeadersFlags(raw: Record<string, unknown>): LeadersRequest {
  const result = LeadersFlags.safeParse(raw);
  if (!result.success)
    throw new BadRequestError('invalid_parameter', result.error.issues[0]?.message ?? 'invalid parameters');
  return checkLeaders(result.data, asFlag);
}

/** A checked question: `board` is given (the schema requires it). */
export type LeadersRequest = Omit<LeadersParams, 'board'> & { board: string };

/** The rule across parameters: a series covers every snapshot, so it takes no `at`. */
export function checkLeaders(p: LeadersParams, label: Label = asParam): LeadersRequest {
  if (p.over !== undefined && p.at !== undefined)
    throw new BadRequestError(
      'invalid_parameter',
      `${label('over')} time covers every snapshot; leave out ${label('at')}`,
    );
  return { ...p, board: p.board ?? '' };
}
