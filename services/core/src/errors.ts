/** Error codes and the one error envelope every API answer uses. */
import { z } from 'zod';

export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  invalid_signature: 403,
  not_found: 404,
  case_not_found: 404,
  call_not_found: 404,
  illegal_transition: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type TErrorCode = keyof typeof ERROR_STATUS;

export const ZIssue = z.object({ path: z.string(), message: z.string() });
export const ZErrorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(ZIssue).optional(),
    errorId: z.string().optional(),
  }),
});
export type TErrorEnvelope = z.infer<typeof ZErrorEnvelope>;
export type TIssue = z.infer<typeof ZIssue>;

/** A failure the caller can act on; the API maps it to its status and envelope. */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    message: string,
    readonly issues?: TIssue[],
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = ERROR_STATUS[code];
  }
}

/** A 400 naming one field, for checks zod cannot make alone (e.g. a commune that is not in the province). */
export function fieldError(path: string, message: string): DomainError {
  return new DomainError('validation_failed', `Invalid ${path}`, [{ path, message }]);
}

/** Turns zod issue paths into the dotted form clients read: `case.subjects.0.name`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.') || '(body)';
}
