/**
 * The one way a form shows what the API's schemas refused: the issues of the
 * core schema run in the browser (schemaResolver) and the 4xx `issues[].path`
 * of the API (applyServerErrors) both land on a field through the form's
 * FieldOf; what no field shows is listed above the submit button.
 */
import type { FieldError, FieldErrors, FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import { get } from 'react-hook-form';
import { toNestErrors } from '@hookform/resolvers';
import type { z } from 'zod';
import { ApiError } from '../api/http';

/** The form field that shows an issue at this dotted path (of the API or of a schema), or undefined when none does. */
export type FieldOf = (path: string) => string | undefined;

export interface Issue {
  path: string;
  message: string;
  code: string;
}

/**
 * A FieldOf from the form's fields (a RegExp for a family such as `phones.3`)
 * and renames from an issue's path to its field, the first match applying
 * (`[/^categories\.\d+$/, 'categories']`: an entry of a list shows on the list).
 */
export function fieldsOf(fields: ReadonlyArray<string | RegExp>, renames: ReadonlyArray<readonly [RegExp, string]> = []): FieldOf {
  return (path) => {
    const rename = renames.find(([re]) => re.test(path));
    const p = rename ? path.replace(rename[0], rename[1]) : path;
    return fields.some((f) => (typeof f === 'string' ? f === p : f.test(p))) ? p : undefined;
  };
}

/**
 * Puts the API's field issues next to their fields (focusing the first).
 * Returns what no field on this form could show: the other issues, the
 * error's message, or `offlineMessage` when the network failed.
 */
export function applyServerErrors<T extends FieldValues>(err: unknown, setError: UseFormSetError<T>, fieldOf: FieldOf, offlineMessage?: string): string[] {
  if (!(err instanceof ApiError)) return [(err as Error)?.message ?? String(err)];
  if (err.offline && offlineMessage) return [offlineMessage];
  const leftover: string[] = [];
  let first = true;
  for (const issue of err.issues) {
    const field = fieldOf(issue.path);
    if (field) {
      setError(field as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: first });
      first = false;
    } else leftover.push(`${issue.path}: ${issue.message}`);
  }
  if (err.issues.length === 0) leftover.push(err.message);
  return leftover;
}

export interface SchemaResolverOptions<V> {
  /** More checks on the values (rules the schema applies elsewhere, such as accountProblems). */
  extra?: (values: V) => Array<{ path: string; message: string }>;
  /** The message shown as the form's root error for issues no field shows (default: their messages). */
  other?: (issues: Issue[]) => string;
}

/**
 * A resolver that checks the body the form would send (`toBody(values)`) with
 * the API's own core schema, so the form refuses exactly what the API would;
 * each issue goes to its field through `fieldOf`, the others to `root`.
 */
export function schemaResolver<V extends FieldValues, Out>(
  schema: z.ZodType<Out>,
  toBody: (values: V) => unknown,
  fieldOf: FieldOf,
  opts: SchemaResolverOptions<V> = {},
): Resolver<V, unknown, Out> {
  return async (values, _ctx, options) => {
    const parsed = schema.safeParse(toBody(values));
    const issues: Issue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
    for (const p of opts.extra?.(values) ?? []) issues.push({ ...p, code: 'custom' });
    if (parsed.success && issues.length === 0) return { values: parsed.data, errors: {} };
    const flat: Record<string, FieldError> = {};
    const other: Issue[] = [];
    for (const i of issues) {
      const field = fieldOf(i.path);
      if (field) flat[field] ??= { type: i.code, message: i.message };
      else other.push(i);
    }
    if (other.length) flat.root = { type: 'schema', message: opts.other ? opts.other(other) : other.map((i) => i.message).join('; ') };
    return { values: {}, errors: toNestErrors(flat as FieldErrors, options) };
  };
}

/** The message of the error at `path` (nested paths such as `case.subjects.0.name` too). */
export const errorAt = (errors: FieldErrors, path: string): FieldError | undefined => get<FieldErrors, FieldError | undefined>(errors, path);
