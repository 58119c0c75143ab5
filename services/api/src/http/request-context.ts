import type { TSessionUser } from '@hotline/core';

declare module 'express-serve-static-core' {
  interface Request {
    user?: TSessionUser;
    sessionId?: string;
    requestId: string;
  }
}
