import './request-context';
/**
 * Routes are declared once with their zod schemas: the same declaration
 * validates requests, checks access and generates /api/openapi.json.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { can, DomainError, type TAction, type TSessionUser } from '@hotline/core';
import { zodToEnvelope } from './error-handler';
import { beginWork } from './in-flight';

type Access = TAction | 'public' | 'signed_in';

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** Status → schema of the answer. */
  responses: Record<number, z.ZodType>;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface HandlerContext<B, Q, P, U> {
  req: Request;
  res: Response;
  user: U;
  body: B;
  query: Q;
  params: P;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type AnyRouteSpec = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

export class RouteRegistry {
  readonly specs: AnyRouteSpec[] = [];

  add<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, P extends z.ZodType | undefined>(
    router: Router,
    spec: RouteSpec<B, Q, P>,
    handler: (ctx: HandlerContext<Infer<B>, Infer<Q>, Infer<P>, TSessionUser>) => Promise<Reply>,
  ): void {
    this.specs.push(spec);
    router[spec.method](spec.path, async (req: Request, res: Response) => {
      const user = authorise(req, spec.access);
      const parse = (schema: z.ZodType | undefined, value: unknown) => {
        if (!schema) return undefined;
        const r = schema.safeParse(value);
        if (!r.success) {
          res.status(400).json(zodToEnvelope(r.error));
          return PARSE_FAILED;
        }
        return r.data;
      };
      const params = parse(spec.params, req.params);
      if (params === PARSE_FAILED) return;
      const query = parse(spec.query, { ...req.query });
      if (query === PARSE_FAILED) return;
      const body = parse(spec.body, req.body);
      if (body === PARSE_FAILED) return;
      const end = beginWork();
      let reply: Reply;
      try {
        reply = await handler({ req, res, user: user as TSessionUser, body, query, params } as HandlerContext<Infer<B>, Infer<Q>, Infer<P>, TSessionUser>);
      } finally {
        end();
      }
      if (!res.headersSent) res.status(reply.status).json(reply.body);
    });
  }
}

const PARSE_FAILED = Symbol('parse failed');

function authorise(req: Request, access: Access): TSessionUser | undefined {
  if (access === 'public') return req.user;
  if (!req.user) throw new DomainError('unauthenticated', 'Sign in first');
  if (access !== 'signed_in' && !can(req.user, access)) {
    throw new DomainError('forbidden', `Your role (${req.user.role}) may not do this`);
  }
  return req.user;
}

export const ZIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, 'must be a 24-character hex id') });
