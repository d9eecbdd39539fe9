import { type Command, Option } from 'commander';
import { BadRequestError } from '../domain/errors.ts';
import {
  describeFilter,
  type FieldType,
  operatorsOf,
  paramName,
  SINGLE_VALUE_OPS,
} from '../store/list-filters.ts';
import type { FlagSpec, ListSpec } from '../store/list-query.ts';
import { collect } from './context.ts';

// The filter flags of a list command (`omo models`, `omo orgs`), generated from the list's FlagSpecs and the
// operator registry, and turned back into the query pairs the API would receive, each labelled with the flag it
// came from so that errors name what the user typed (`--released-after`, not `released__gte`).

const PLACEHOLDER: Record<FieldType, string> = {
  string: '<value>',
  enum: '<value>',
  set: '<value>',
  text: '<words>',
  number: '<n>',
  date: '<date>',
  boolean: '<bool>',
};

function flagOption<Row>(spec: ListSpec<Row>, flag: FlagSpec): Option {
  const field = spec.fields[flag.field];
  if (!field) throw new Error(`flag --${flag.name} names no field "${flag.field}"`);
  const op = flag.op ?? 'eq';
  const names = `${flag.short ? `-${flag.short}, ` : ''}--${flag.name}`;
  if (flag.value !== undefined)
    return new Option(names, `${field.description} (${flag.field}=${flag.value})`);
  const repeatable = !SINGLE_VALUE_OPS.has(op) && field.type !== 'text';
  const values = field.values && field.values.length <= 12 ? `; ${field.values.join(', ')}` : '';
  const help = `${op === 'eq' ? field.description : describeFilter(field, op)}${values}${repeatable ? ' (repeatable)' : ''}`;
  const option = new Option(`${names} ${flag.placeholder ?? PLACEHOLDER[field.type]}`, help);
  return repeatable ? option.argParser(collect) : option;
}

/** Adds the list's filter flags to `cmd`, and a help section listing every filter and operator `--where` takes. */
export function addFilterFlags<Row>(cmd: Command, spec: ListSpec<Row>): Command {
  for (const flag of spec.flags) cmd.addOption(flagOption(spec, flag));
  cmd.option(
    '--where <field=value>',
    'any list filter as field=value or field__op=value, e.g. params_active__lte=4e10 (repeatable; see below)',
    collect,
    [],
  );
  // One column for the names, a space wider than the longest (training_flops_method), so no name runs into its operators.
  const width = Math.max(...Object.keys(spec.fields).map((name) => name.length)) + 1;
  const lines = Object.entries(spec.fields).map(
    ([name, field]) =>
      `  ${name.padEnd(width)}${operatorsOf(field.type)
        .map((op) => (op === 'eq' ? '=' : `__${op}`))
        .join(' ')}`,
  );
  return cmd.addHelpText(
    'after',
    `\nFilters for --where (field, then its operators):\n${lines.join('\n')}\n`,
  );
}

/**
 * The query pairs of the filter flags and `--where` in `opts` (commander's parsed options), with the label each
 * key is known by in errors.
 */
export function filterFlagPairs<Row>(
  cmd: Command,
  spec: ListSpec<Row>,
  opts: Record<string, unknown>,
): { pairs: [string, string][]; labels: Map<string, string> } {
  const pairs: [string, string][] = [];
  const labels = new Map<string, string>();
  const add = (key: string, value: string, label: string) => {
    pairs.push([key, value]);
    if (!labels.has(key)) labels.set(key, label);
  };
  for (const flag of spec.flags) {
    const option = cmd.options.find((o) => o.long === `--${flag.name}`);
    const given = option ? opts[option.attributeName()] : undefined;
    const key = paramName(flag.field, flag.op ?? 'eq');
    const label = `--${flag.name}`;
    if (flag.value !== undefined) {
      if (given === true) add(key, flag.value, label);
    } else if (Array.isArray(given)) for (const v of given) add(key, String(v), label);
    else if (typeof given === 'string') add(key, given, label);
  }
  for (const w of (opts.where as string[] | undefined) ?? []) {
    const eq = w.indexOf('=');
    if (eq <= 0)
      throw new BadRequestError(
        'invalid_parameter',
        `--where takes field=value or field__op=value, got "${w}"`,
      );
    add(w.slice(0, eq), w.slice(eq + 1), `--where ${w.slice(0, eq)}`);
  }
  return { pairs, labels };
}

/** Labels for the list options every list command has, by their query key. */
export const RESERVED_FLAG_LABELS: ReadonlyMap<string, string> = new Map([
  ['sort', '--sort'],
  ['limit', '--limit'],
  ['cursor', '--cursor'],
  ['facet', '--facet'],
  ['format', '--format'],
]);
