import { z } from 'zod';
import { describeFilter, operatorsOf, paramName } from '../store/list-filters.ts';
import { FORMATS, type ListSpec } from '../store/list-query.ts';
import { ApiError } from './errors.ts';

/**
 * Documents a list's query grammar as OpenAPI query parameters, generated from the operator registry: one
 * parameter per field and operator (`released`, `released__gte`, …), each saying what it does.
 */
export function listQuerySchema<Row>(spec: ListSpec<Row>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(spec.fields)) {
    const values = field.values ? ` Values: ${field.values.join(', ')}.` : '';
    const byDefault = spec.defaultFilters?.[name] ? ` Default ${name}=${spec.defaultFilters[name]}.` : '';
    for (const op of operatorsOf(field.type)) {
      shape[paramName(name, op)] = z
        .string()
        .optional()
        .meta({ description: `${describeFilter(field, op)}.${op === 'eq' ? values + byDefault : ''}` });
    }
  }
  shape.sort = z
    .string()
    .optional()
    .meta({
      description: `Comma-separated keys, "-" for descending: ${Object.keys(spec.sorts).join(', ')}. Default ${spec.defaultSort}.`,
    });
  shape.limit = z
    .string()
    .optional()
    .meta({ description: `Rows per page, 1–${spec.maxLimit} (default ${spec.defaultLimit}).` });
  shape.cursor = z
    .string()
    .optional()
    .meta({ description: 'Opaque cursor from `next` of the previous page.' });
  shape.facet = z
    .string()
    .optional()
    .meta({ description: `Counts per value, repeatable: ${Object.keys(spec.facets).join(', ')}.` });
  shape.format = z.enum(FORMATS).optional().meta({ description: 'json (default), csv or ndjson.' });
  return z.object(shape);
}

/** The list's field filters alone, for analyses that take the filters but answer no page. */
export function filterQuerySchema<Row>(spec: ListSpec<Row>) {
  return listQuerySchema(spec).omit({ sort: true, limit: true, cursor: true, facet: true, format: true });
}

export function listPageSchema(row: z.ZodType) {
  return z.object({
    rows: z.array(row),
    total: z.number().int().meta({ description: 'Rows matching the filters, over all pages.' }),
    count: z.number().int(),
    next: z.string().nullable().meta({
      description:
        'Absolute URL of the next page (the same query with the next cursor, as in the Link header); null on the last page.',
    }),
    truncated: z.boolean().meta({ description: 'True when more rows follow this page.' }),
    facets: z
      .record(
        z.string(),
        z.array(z.object({ value: z.union([z.string(), z.number()]).nullable(), count: z.number() })),
      )
      .optional(),
  });
}

export const errorResponses = {
  400: { description: 'Bad parameter', content: { 'application/json': { schema: ApiError } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ApiError } } },
} as const;
