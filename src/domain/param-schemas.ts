import { z } from 'zod';

// Zod schemas for single request parameters (query strings and CLI flags alike) whose failure messages name the
// parameter as the user gave it (`by`, `"interval"`, `--top`…). A route's schema is then its parser: the API's
// validation hook and the CLI report the message as it is. An empty value counts as absent, as HTML forms send them.

/** What the user gave: one value, or several when the parameter was repeated. */
function given(label: string, input: unknown): string | null {
  if (Array.isArray(input))
    return `parameter "${label.replace(/"/g, '')}" given ${input.length} times; give it once`;
  return null;
}

function blankAsAbsent<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema);
}

/** One of `values`; `fallback` when absent. */
export function choiceParam<const T extends readonly [string, ...string[]]>(
  label: string,
  values: T,
  fallback: T[number],
) {
  return blankAsAbsent(
    z
      .enum(values, {
        error: (iss) =>
          given(label, iss.input) ?? `${label} takes one of ${values.join(', ')}; got "${String(iss.input)}"`,
      })
      .default(fallback as never),
  );
}

/** One of `values`, or absent (no default). */
export function optionalChoiceParam<const T extends readonly [string, ...string[]]>(
  label: string,
  values: T,
) {
  return blankAsAbsent(
    z
      .enum(values, {
        error: (iss) =>
          given(label, iss.input) ?? `${label} takes one of ${values.join(', ')}; got "${String(iss.input)}"`,
      })
      .optional(),
  );
}

/** A whole number in [min, max] written in digits; `fallback` when absent. */
export function wholeNumberParam(label: string, min: number, max: number, fallback: number) {
  const range = (iss: { input?: unknown }) =>
    `${label} must be between ${min} and ${max}, got ${String(iss.input)}`;
  return blankAsAbsent(
    z
      .string({ error: (iss) => given(label, iss.input) ?? `${label} must be a whole number` })
      .regex(/^\d+$/, { error: (iss) => `${label} must be a whole number, got "${String(iss.input)}"` })
      // The default is what a query string would say: the documented parameter is text.
      .default(String(fallback))
      .transform(Number)
      .pipe(z.number().min(min, { error: range }).max(max, { error: range })),
  );
}

/**
 * Free text that `check` accepts (it throws an error naming the parameter otherwise); absent when empty.
 * `required` makes absence an error with that message.
 */
export function textParam(label: string, opts: { check?: (value: string) => void; required?: string } = {}) {
  const text = z
    .string({
      error: (iss) =>
        given(label, iss.input) ??
        (iss.input === undefined && opts.required ? opts.required : `${label} takes text`),
    })
    .superRefine((value, ctx) => {
      try {
        opts.check?.(value);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    });
  return opts.required ? blankAsAbsent(text) : blankAsAbsent(text.optional());
}
