/**
 * Turns an error thrown by the Twilio SDK into one of the send errors.
 * Twilio's own messages can quote the recipient's number, so they are not
 * copied: only the HTTP status and the Twilio error code travel on.
 */
import { PermanentSendError, ProviderRateLimitedError } from './send-errors';

const PROVIDER = 'twilio';
const DEFAULT_RETRY_AFTER_MS = 1000;

/** Twilio error codes for which retrying the same recipient cannot help. */
export const TWILIO_PERMANENT_CODES: Readonly<Record<number, string>> = {
  21211: 'invalid To number',
  21614: 'To number cannot receive this kind of message',
  21610: 'recipient has opted out (STOP)',
};

export function mapTwilioError(error: unknown): Error {
  if (error instanceof ProviderRateLimitedError || error instanceof PermanentSendError) return error;
  const status = numberField(error, 'status');
  const code = numberField(error, 'code');
  if (status === 429 || code === 20429) {
    return new ProviderRateLimitedError(PROVIDER, retryAfterMs(error), code);
  }
  if (code !== undefined && TWILIO_PERMANENT_CODES[code]) {
    return new PermanentSendError(PROVIDER, TWILIO_PERMANENT_CODES[code], code);
  }
  if (status !== undefined) {
    return new Error(`twilio request failed with HTTP ${status}${code ? ` (code ${code})` : ''}`);
  }
  const name = error instanceof Error ? error.name : 'unknown error';
  const networkCode = typeof (error as { code?: unknown })?.code === 'string' ? ` ${(error as { code: string }).code}` : '';
  return new Error(`twilio request failed: ${name}${networkCode}`);
}

function numberField(error: unknown, key: string): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Retry-After in seconds (or an HTTP date), as copied by RetryAfterRequestClient. */
function retryAfterMs(error: unknown): number {
  const details = (error as { details?: unknown }).details;
  const raw = details && typeof details === 'object' ? (details as Record<string, unknown>).retry_after : undefined;
  if (typeof raw === 'string' && raw.trim() !== '') {
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const at = Date.parse(raw);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  return DEFAULT_RETRY_AFTER_MS;
}
