import { z } from 'zod';
import { ZObjectId } from './common';

/** Audit actions are dotted lower-case words (`case.read`, `auth.login`). */
export const ZAuditAction = z.string().regex(/^[a-z_]+(\.[a-z_]+)+$/, 'must be an audit action such as case.read').max(60);

export const ZAuditQuery = z
  .object({
    user: ZObjectId.optional(),
    /** A case id or its reference (HN-2026-000123). */
    case: z.string().trim().regex(/^([0-9a-f]{24}|[A-Z]{2,3}-\d{4}-\d{6,})$/i, 'must be a case id or a reference such as HN-2026-000123').optional(),
    action: ZAuditAction.optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().max(300).regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by the previous page').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be after to', path: ['from'] });
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAuditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  provinceCode: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type TAuditEntryView = z.infer<typeof ZAuditEntryView>;

export const ZAuditVerification = z.object({
  ok: z.boolean(),
  chains: z.number().int(),
  entries: z.number().int(),
  problems: z.array(z.object({ chain: z.string(), seq: z.number().int(), kind: z.enum(['modified', 'missing', 'broken_link', 'tail_missing']) })),
});
export type TAuditVerification = z.infer<typeof ZAuditVerification>;

/** The columns of the CSV export, in order. */
export const AUDIT_CSV_COLUMNS = ['at', 'actorId', 'actorRole', 'action', 'targetType', 'targetId', 'provinceCode', 'outcome', 'reason', 'requestId', 'ip'] as const;
