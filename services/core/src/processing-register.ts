/**
 * The register of processing (Law 91/2025/QH15 on personal data protection;
 * Decree 13/2023/NĐ-CP): what personal data the hotline holds, for which
 * purposes, on which legal basis, and how long each purpose keeps it. Data,
 * not prose: the API serves it (GET /api/privacy/register) with the retention
 * settings in force, and the console shows it.
 */
import { z } from 'zod';

export const DATA_CATEGORIES = [
  'caller_identity', 'caller_phone', 'subject_identity', 'case_narrative', 'location', 'consent', 'referral', 'staff_account', 'audit_log',
] as const;
export type TDataCategory = (typeof DATA_CATEGORIES)[number];

export const LEGAL_BASES = ['vital_interest', 'legal_duty', 'consent', 'public_task_statistics', 'security'] as const;
export type TLegalBasis = (typeof LEGAL_BASES)[number];

export const ZProcessingPurpose = z.object({
  id: z.string(),
  /** Data categories the purpose uses, each with the legal basis it rests on for that category. */
  categories: z.array(z.object({ category: z.enum(DATA_CATEGORIES), basis: z.enum(LEGAL_BASES), sensitive: z.boolean() })),
  /** How long the purpose keeps what it uses, and what happens then. */
  retention: z.object({ years: z.number().nullable(), setting: z.string().nullable(), then: z.enum(['anonymised', 'deleted', 'kept_append_only', 'ends_with_session']) }),
  /** Who may see it. */
  roles: z.array(z.string()),
});
export type TProcessingPurpose = z.infer<typeof ZProcessingPurpose>;
export const ZProcessingRegister = z.object({ purposes: z.array(ZProcessingPurpose) });
export type TProcessingRegister = z.infer<typeof ZProcessingRegister>;

/** How long the audit log is kept (years): the record of who saw a child's case outlives the case's own retention. */
export const AUDIT_RETENTION_YEARS = 10;

/** The register, with the closed-case retention in force (RETENTION_CLOSED_CASE_YEARS). */
export function processingRegister(closedCaseYears: number): TProcessingRegister {
  const caseRetention = { years: closedCaseYears, setting: 'RETENTION_CLOSED_CASE_YEARS', then: 'anonymised' as const };
  return {
    purposes: [
      {
        id: 'hotline_response',
        categories: [
          { category: 'caller_identity', basis: 'vital_interest', sensitive: false },
          { category: 'caller_phone', basis: 'vital_interest', sensitive: false },
          { category: 'subject_identity', basis: 'vital_interest', sensitive: true },
          { category: 'case_narrative', basis: 'legal_duty', sensitive: true },
          { category: 'location', basis: 'legal_duty', sensitive: false },
          { category: 'consent', basis: 'legal_duty', sensitive: false },
        ],
        retention: caseRetention,
        roles: ['counsellor', 'supervisor', 'manager', 'admin'],
      },
      {
        id: 'referral_to_partners',
        categories: [
          { category: 'subject_identity', basis: 'consent', sensitive: true },
          { category: 'case_narrative', basis: 'consent', sensitive: true },
          { category: 'location', basis: 'legal_duty', sensitive: false },
          { category: 'referral', basis: 'legal_duty', sensitive: false },
        ],
        retention: caseRetention,
        roles: ['collaborator'],
      },
      {
        id: 'deadlines_and_oversight',
        categories: [
          { category: 'referral', basis: 'legal_duty', sensitive: false },
          { category: 'location', basis: 'legal_duty', sensitive: false },
        ],
        retention: caseRetention,
        roles: ['supervisor', 'manager', 'admin'],
      },
      {
        id: 'statistics',
        // Counts by province, commune, category and month: no person in them.
        categories: [{ category: 'location', basis: 'public_task_statistics', sensitive: false }],
        retention: { years: null, setting: null, then: 'anonymised' },
        roles: ['manager', 'admin'],
      },
      {
        id: 'accounts_and_sign_in',
        categories: [{ category: 'staff_account', basis: 'legal_duty', sensitive: false }],
        retention: { years: null, setting: 'SESSION_TTL_HOURS', then: 'ends_with_session' },
        roles: ['admin'],
      },
      {
        id: 'access_audit',
        categories: [{ category: 'audit_log', basis: 'security', sensitive: false }],
        retention: { years: AUDIT_RETENTION_YEARS, setting: null, then: 'kept_append_only' },
        roles: ['manager', 'admin'],
      },
    ],
  };
}
