import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { NotFoundError, OmoError } from '../../domain/errors.ts';
import { VerifyResult } from '../../domain/verify.ts';
import { type Deps, readSnapshot } from '../../store/deps.ts';
import { judgeRankingShares } from '../../verify/judge-ranking-shares.ts';
import { readVerifyIndex } from '../../verify/read-verify-index.ts';
import { familySlug } from '../../verify/verify-catalog.ts';
import { checkDate, checkText, MAX_VERIFY_BYTES } from '../../verify/verify-input.ts';
import { verifyText } from '../../verify/verify-text.ts';
import { ApiError } from '../errors.ts';
import { errorResponses } from '../openapi-list.ts';
import { apiRouter } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';

const VerifyBody = z.strictObject({
  text: z.string().meta({
    description: 'The article: plain text or HTML (tags are skipped; offsets index the text as given)',
  }),
  date: z.string().optional().meta({
    description: 'The article\'s publication date (YYYY-MM-DD), for relative dates such as "last month"',
  }),
  lang: z
    .enum(['auto', 'en', 'hi', 'zh', 'ru'])
    .optional()
    .meta({ description: 'auto (the default) detects the language by script' }),
});

const FamilyMember = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string().nullable(),
  released: z.string().nullable(),
  weights: z.string(),
  parameters: z.object({ total: z.number().nullable(), active: z.number().nullable() }),
});
const Family = z.object({
  id: z.string().meta({ example: 'family:qwen2-5' }),
  slug: z.string(),
  name: z.string(),
  members: z.array(FamilyMember),
});

/** POST /api/verify: an article in, its mentions and judged claims out. */
const verifyRoute = createRoute({
  method: 'post',
  path: '/api/verify',
  summary:
    'Find the models and organisations an article names and check each claim against the catalog (what `omo verify --json` prints)',
  middleware: [
    bodyLimit({
      maxSize: MAX_VERIFY_BYTES,
      onError: () => {
        throw new OmoError('payload_too_large', `verify body over ${MAX_VERIFY_BYTES} bytes`);
      },
    }),
  ] as const,
  request: {
    query: z.strictObject({}),
    body: { content: { 'application/json': { schema: VerifyBody } }, required: true },
  },
  responses: {
    200: {
      description:
        'Mentions and claims; offsets are Unicode code-point offsets into `text`, end exclusive; every verdict carries the catalog facts it rests on with their sources',
      content: { 'application/json': { schema: VerifyResult } },
    },
    400: {
      description: 'Body is not the object above, `text` holds a NUL character, or `date` is not a day',
      content: { 'application/json': { schema: ApiError } },
    },
    413: { description: 'Body over 2 MiB', content: { 'application/json': { schema: ApiError } } },
    415: { description: 'Body is not JSON', content: { 'application/json': { schema: ApiError } } },
  },
});

/** GET /api/families/{slug}: a family and its members, as `family:<slug>` mentions name them. */
const familyRoute = createRoute({
  method: 'get',
  path: '/api/families/{slug}',
  summary:
    'A model family and its members: a catalog `family` (qwen2-5, deepseek-r1) or a line of them (qwen: Qwen1.5, Qwen2, Qwen2.5, Qwen3…); the ids `omo verify` links as family:<slug>',
  request: {
    params: z.object({ slug: z.string().meta({ example: 'qwen2-5' }) }),
    query: z.strictObject({}),
  },
  responses: {
    200: {
      description: 'The family with its members by id',
      content: { 'application/json': { schema: Family } },
    },
    404: errorResponses[404],
  },
});

export function verifyRoutes(deps: Deps) {
  const app = apiRouter();
  app.openapi(verifyRoute, async (c) => {
    const body = c.req.valid('json');
    const text = checkText(body.text, 'text');
    const date = checkDate(body.date, 'date');
    const result = await readSnapshot(deps, async (read) => {
      const options = { ...(date ? { date } : {}), ...(body.lang ? { lang: body.lang } : {}) };
      return judgeRankingShares(verifyText(text, options, await readVerifyIndex(read)), read, date);
    });
    return c.json(result, 200);
  });

  app.openapi(familyRoute, async (c) => {
    const index = await readVerifyIndex(readDeps(c));
    const asked = c.req.valid('param').slug.replace(/^family:/, '');
    const slug = familySlug(asked);
    const family = index.aliases.families.get(slug);
    if (!family) throw new NotFoundError(`no model family ${JSON.stringify(asked)}`);
    const members = family.members.flatMap((id) => {
      const m = index.models.get(id);
      return m
        ? [
            {
              id: m.id,
              name: m.name,
              family: m.family,
              released: m.released,
              weights: m.weights,
              parameters: m.parameters,
            },
          ]
        : [];
    });
    return c.json({ id: `family:${slug}`, slug, name: family.name, members }, 200);
  });
  return app;
}
