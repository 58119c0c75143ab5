import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../api/http';

/**
 * Puts the API's field issues next to their fields. Returns the issues no
 * field on this form could show (to list above the submit button).
 */
export function applyServerErrors<T extends FieldValues>(
  err: unknown,
  setError: UseFormSetError<T>,
  knownFields: (path: string) => boolean,
  mapPath: (path: string) => string = (p) => p,
): string[] {
  if (!(err instanceof ApiError)) return [(err as Error)?.message ?? String(err)];
  const leftover: string[] = [];
  let first = true;
  for (const issue of err.issues) {
    const path = mapPath(issue.path);
    if (knownFields(path)) {
      setError(path as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: first });
      first = false;
    } else leftover.push(`${issue.path}: ${issue.message}`);
  }
  if (err.issues.length === 0) leftover.push(err.message);
  return leftover;
}
