/**
 * How a provider send can fail, as the notification worker needs to know it:
 * rate limited (retry after a pause), permanent (do not retry, try another
 * channel), or anything else (a plain Error: retry with backoff).
 * Messages never carry the recipient's number or the message body.
 */

/** The provider asked us to slow down. Retry after `retryAfterMs`. */
export class ProviderRateLimitedError extends Error {
  override readonly name = 'ProviderRateLimitedError';
  constructor(
    readonly provider: string,
    readonly retryAfterMs: number,
    readonly providerCode?: number,
  ) {
    super(`${provider} rate limited the request; retry after ${retryAfterMs} ms`);
  }
}

/** Retrying the same send cannot succeed (invalid, unreachable or opted-out number). */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
  constructor(
    readonly provider: string,
    readonly reason: string,
    readonly providerCode?: number,
  ) {
    super(`${provider} refused the send permanently: ${reason}${providerCode ? ` (code ${providerCode})` : ''}`);
  }
}

export function isRetryableSendError(error: unknown): boolean {
  return !(error instanceof PermanentSendError);
}
