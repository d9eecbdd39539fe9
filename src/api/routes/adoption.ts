import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import {
  ADOPTION_KINDS,
  ADOPTION_METRICS,
  AdoptionFact,
  type AdoptionMetric,
  MeasuredBy,
  Qualifier,
} from '../../domain/adoption.ts';
import { optionalChoiceParam, textParam } from '../../domain/param-schemas.ts';
import { errorResponses } from '../openapi-list.ts';
import { apiRouter } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';

const METRICS = Object.keys(ADOPTION_METRICS) as [AdoptionMetric, ...AdoptionMetric[]];

const adoptionQuery = z.strictObject({
  subject: textParam('"subject"').meta({
    description:
      'A family id (qwen, llama…), organisation id (alibaba, meta…) or country code (CN, US), or one of their names, in any case',
    example: 'qwen',
  }),
  metric: optionalChoiceParam('"metric"', METRICS).meta({
    description: `One of ${METRICS.map((m) => `${m} (${ADOPTION_METRICS[m].text})`).join('; ')}`,
  }),
  kind: optionalChoiceParam('"kind"', ADOPTION_KINDS).meta({ description: 'family, org or country' }),
});

const Series = z.object({
  kind: z.enum(ADOPTION_KINDS),
  subject: z.string(),
  subject_name: z.string(),
  metric: z.enum(METRICS),
  unit: z.string(),
  points: z.array(
    z.object({
      id: z.string(),
      as_of: z.string(),
      value: z.number(),
      qualifier: Qualifier,
      scope: z.string().meta({ description: 'Where this figure was counted (Hugging Face, all platforms…)' }),
      measured_by: MeasuredBy,
      source: z.object({ url: z.string(), title: z.string() }),
    }),
  ),
});

const adoptionRoute = createRoute({
  method: 'get',
  path: '/api/adoption',
  summary:
    'Published adoption figures (derivatives, downloads, shares of downloads and tokens) per family, maker or country, each dated and sourced, with who measured it; and the same as time series (what `omo adoption` prints)',
  request: { query: adoptionQuery },
  responses: {
    200: {
      description:
        '`facts` oldest first; `series` per subject and metric, points oldest first. Shares are fractions.',
      content: {
        'application/json': { schema: z.object({ facts: z.array(AdoptionFact), series: z.array(Series) }) },
      },
    },
    400: errorResponses[400],
  },
});

export function adoptionRoutes() {
  const app = apiRouter();
  app.openapi(adoptionRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await readDeps(c).adoption.answer(q), 200);
  });
  return app;
}
