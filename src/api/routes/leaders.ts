import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { LEADER_GROUPS } from '../../boards/leaders.ts';
import { RESOLVE_METHODS } from '../../boards/resolve-name.ts';
import { leadersAt, leadersBest, leadersOverTime, listBoards } from '../../store/board-leaders.ts';
import { BestParams, checkLeaders, LeadersParams } from '../../store/leaders-query.ts';
import { errorResponses } from '../openapi-list.ts';
import { apiRouter } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';

// Leaderboards and who leads them: the bundled and imported snapshots, the shares of a board's top N by country,
// maker, open or closed weights or licence class (in one snapshot or over all), and per snapshot the best model of
// each country and the best open and closed models with their score gap. What `omo leaders` prints with --json.

const Source = z.object({ url: z.string(), title: z.string(), note: z.string().optional() });

const GroupShare = z.object({
  group: z
    .string()
    .nullable()
    .meta({ description: 'The group; null when the catalog and the board cannot tell' }),
  count: z.number().int(),
  share: z.number().meta({ description: 'count / total, 0–1' }),
});

const UnresolvedRow = z.object({
  rank: z.number().int().meta({ description: 'The rank the board gives' }),
  name: z.string().meta({ description: 'The name as the board prints it' }),
  org: z.string().nullable().meta({ description: 'The maker found from the board’s columns, or null' }),
  board_org: z.string().nullable().meta({ description: 'The board’s own maker column, as written' }),
  method: z
    .enum(RESOLVE_METHODS)
    .meta({ description: 'How far resolution got: org-only, board-licence, table or unresolved' }),
});

const Group = z.enum(LEADER_GROUPS);

const LeadersAnswer = z.object({
  board: z.string(),
  at: z.string().meta({ description: 'The snapshot answered from' }),
  top: z.number().int(),
  group: Group,
  open: z.boolean(),
  rows: z
    .array(GroupShare)
    .meta({ description: 'Largest group first; the unknown group (null) last among equals' }),
  unresolved: z.array(UnresolvedRow).meta({
    description:
      'Rows counted that did not resolve to a catalog model (still counted in their maker’s group)',
  }),
  resolved: z.object({ model: z.number().int(), org: z.number().int(), total: z.number().int() }).meta({
    description: 'Rows counted that resolved to a catalog model, to a maker, and all rows counted',
  }),
  source: Source,
});

const LeadersSeries = z.object({
  board: z.string(),
  top: z.number().int(),
  group: Group,
  open: z.boolean(),
  series: z.array(
    z.object({
      at: z.string(),
      rows: z.array(GroupShare),
      unresolved: z.number().int().meta({ description: 'Rows counted without a catalog model' }),
      total: z.number().int().meta({ description: 'Rows counted' }),
    }),
  ),
});

const BestModel = z.object({
  model: z.string().nullable(),
  name: z.string(),
  score: z.number().nullable(),
  country: z.string().nullable(),
});

const CountryBest = z.object({
  country: z.string(),
  model: z.string().nullable(),
  name: z.string(),
  score: z.number().nullable(),
});

const BestAnswer = z.object({
  board: z.string(),
  snapshots: z.array(
    z.object({
      at: z.string(),
      by_country: z
        .array(CountryBest)
        .meta({ description: 'The best-placed row of each country, best first' }),
      open_by_country: z.array(CountryBest).meta({
        description: 'The best-placed open-weight row of each country (per the catalog), best first',
      }),
      best_open: BestModel.nullable(),
      best_closed: BestModel.nullable(),
      gap: z
        .number()
        .nullable()
        .meta({ description: 'best_closed.score − best_open.score; positive while closed leads' }),
    }),
  ),
});

const BoardsAnswer = z.object({
  boards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      url: z.string().nullable(),
      kind: z.string().nullable(),
      description: z.string().nullable(),
      score: z.string().nullable().meta({ description: 'What the board’s score means' }),
      snapshots: z.array(
        z.object({
          at: z.string(),
          rows: z.number().int(),
          origin: z.enum(['bundled', 'import']),
          source: Source,
        }),
      ),
    }),
  ),
});

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } });

export function leaderRoutes() {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/boards',
      summary: 'Leaderboards in the store with their snapshots (bundled or imported), row counts and sources',
      request: { query: z.strictObject({}) },
      responses: {
        200: { description: 'Boards by id, snapshots oldest first', content: json(BoardsAnswer) },
        400: errorResponses[400],
      },
    }),
    async (c) => c.json(await listBoards(readDeps(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/leaders',
      summary:
        'Who leads a board: shares of its top N by country, maker, open or closed weights or licence class, in one snapshot or over time (what `omo leaders` prints)',
      request: { query: z.strictObject(LeadersParams.shape) },
      responses: {
        200: {
          description:
            'One snapshot (the latest, or the latest at or before `at`); with over=time, the series',
          content: json(z.union([LeadersAnswer, LeadersSeries])),
        },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { over, at, ...q } = checkLeaders(c.req.valid('query'));
      const deps = readDeps(c);
      if (over === 'time') return c.json(await leadersOverTime(deps, q), 200);
      return c.json(await leadersAt(deps, { ...q, at }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/leaders/best',
      summary:
        'Per snapshot of a board: the best model of each country, the best open and the best closed model, and the score gap (`omo leaders --best`)',
      request: { query: z.strictObject(BestParams.shape) },
      responses: {
        200: { description: 'Snapshots oldest first', content: json(BestAnswer) },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => c.json(await leadersBest(readDeps(c), c.req.valid('query').board ?? ''), 200),
  );
  return app;
}
