import './request-context';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import { DomainError, issuePath, type TErrorEnvelope } from '@hotline/core';
import type { Logger } from 'pino';

function envelope(code: string, message: string, extra: Partial<TErrorEnvelope['error']> = {}): TErrorEnvelope {
  return { error: { code, message, ...extra } };
}

export function zodToEnvelope(err: ZodError, prefix: string[] = []): TErrorEnvelope {
  // An unknown key is named itself (`isAdmin`, `$set`), not its parent object.
  const issues = err.issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({ path: issuePath([...prefix, ...i.path, k]), message: 'is not a field this endpoint takes' }))
      : [{ path: issuePath([...prefix, ...i.path]), message: i.message }],
  );
  const first = issues[0];
  return envelope('validation_failed', first ? `Invalid ${first.path}: ${first.message}` : 'Invalid request', { issues });
}

/** Bad input → 400 naming the field; domain refusals → their status; anything else → 500 with an error id in the log. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof ZodError) return void res.status(400).json(zodToEnvelope(err));
    if (err instanceof DomainError) {
      return void res.status(err.status).json(envelope(err.code, err.message, err.issues ? { issues: err.issues } : {}));
    }
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') return void res.status(400).json(envelope('invalid_json', 'The body is not valid JSON'));
    if (type === 'entity.too.large') return void res.status(413).json(envelope('payload_too_large', 'The body is too large'));
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return void res.status(415).json(envelope('unsupported_media_type', 'Send UTF-8 JSON'));
    }
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return void res.status(status).json(envelope('bad_request', 'The request could not be read'));
    }
    const errorId = randomUUID();
    logger.error({ errorId, requestId: req.requestId, route: req.route?.path, err: { message: (err as Error).message, stack: (err as Error).stack } }, 'unhandled error');
    res.status(500).json(envelope('internal', 'Something went wrong; the error was logged', { errorId }));
  };
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json(envelope('not_found', 'No such endpoint'));
};
