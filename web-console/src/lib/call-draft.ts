/**
 * The call a counsellor is typing, kept in localStorage per user so a reload,
 * a crash or a lost connection never loses it. One clientRequestId per draft:
 * submitting the same draft twice logs one call.
 */
import type {
  TCategory, TCallOutcome, TPersonGroup, TRiskLevel,
} from '@hotline/core';
import { CALLER_RELATIONSHIPS, CALL_CHANNELS, GENDERS } from '@hotline/core';

type Relationship = (typeof CALLER_RELATIONSHIPS)[number];
type Channel = (typeof CALL_CHANNELS)[number];
type Gender = (typeof GENDERS)[number];

export interface SubjectValues {
  name: string;
  ageYears: number | null;
  gender: Gender;
  group: TPersonGroup | '';
  /** The child's own consent to sharing, asked from 7 (absent in drafts saved before it existed). */
  ownConsent?: boolean;
}

export interface CallFormValues {
  channel: Channel;
  caller: { phone: string; name: string; relationship: Relationship };
  outcome: TCallOutcome;
  caseId: string;
  case: {
    category: TCategory | '';
    subCategories: string[];
    riskLevel: TRiskLevel | '';
    subjects: SubjectValues[];
    location: { provinceCode: string; communeCode: string; address: string };
    summary: string;
    consent: { given: boolean; method: 'verbal' | 'written' | 'not_possible' };
  };
  notes: string;
  /** Display only: names of what the codes point at, so a restored draft reads the same. */
  ui: { communeName: string; attachedReference: string };
}

export interface CallDraft {
  v: 1;
  clientRequestId: string;
  startedAt: string;
  savedAt: string;
  values: CallFormValues;
}

export const emptySubject = (): SubjectValues => ({ name: '', ageYears: null, gender: 'unknown', group: '' });

function emptyValues(defaultProvince: string): CallFormValues {
  return {
    channel: 'phone',
    caller: { phone: '', name: '', relationship: 'unknown' },
    outcome: 'case_opened',
    caseId: '',
    case: {
      category: '',
      subCategories: [],
      riskLevel: '',
      subjects: [emptySubject()],
      location: { provinceCode: defaultProvince, communeCode: '', address: '' },
      summary: '',
      consent: { given: false, method: 'verbal' },
    },
    notes: '',
    ui: { communeName: '', attachedReference: '' },
  };
}

/** A v4 uuid; randomUUID exists only in secure contexts (https, localhost). */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function newDraft(defaultProvince: string): CallDraft {
  const now = new Date().toISOString();
  return { v: 1, clientRequestId: uuid(), startedAt: now, savedAt: now, values: emptyValues(defaultProvince) };
}

const key = (userId: string) => `hotline.callDraft.${userId}`;

export function loadDraft(userId: string): CallDraft | null {
  try {
    const raw = localStorage.getItem(key(userId));
    if (!raw) return null;
    const d = JSON.parse(raw) as CallDraft;
    if (d?.v !== 1 || typeof d.clientRequestId !== 'string' || !d.values) return null;
    return d;
  } catch {
    return null;
  }
}

export function saveDraft(userId: string, draft: CallDraft): void {
  try {
    localStorage.setItem(key(userId), JSON.stringify({ ...draft, savedAt: new Date().toISOString() }));
  } catch {
    /* storage full or blocked: the form still works */
  }
}

export function clearDraft(userId: string): void {
  try {
    localStorage.removeItem(key(userId));
  } catch {
    /* ignore */
  }
}

/** True when the counsellor has typed anything worth keeping. */
export function hasContent(v: CallFormValues): boolean {
  const c = v.case;
  return Boolean(
    v.caller.phone || v.caller.name || v.notes || v.caseId || c.category || c.riskLevel || c.summary || c.location.address ||
      c.location.communeCode || c.subjects.some((s) => s.name || s.ageYears !== null),
  );
}

const blank = (s: string) => (s.trim() === '' ? undefined : s);

/** The form's values as the body of POST /api/calls (before the shared schema parses it). */
export function toCallPayload(v: CallFormValues, draft: Pick<CallDraft, 'clientRequestId' | 'startedAt'>, now = Date.now()): unknown {
  const c = v.case;
  const payload: Record<string, unknown> = {
    channel: v.channel,
    startedAt: draft.startedAt,
    durationSeconds: Math.max(0, Math.min(86_400, Math.round((now - Date.parse(draft.startedAt)) / 1000))),
    caller: { phone: blank(v.caller.phone), name: blank(v.caller.name), relationship: v.caller.relationship },
    outcome: v.outcome,
    notes: blank(v.notes),
    clientRequestId: draft.clientRequestId,
  };
  if (v.outcome === 'attached_to_case') payload.caseId = blank(v.caseId);
  if (v.outcome === 'case_opened') {
    payload.case = {
      category: c.category || undefined,
      subCategories: c.subCategories,
      riskLevel: c.riskLevel || undefined,
      subjects: c.subjects.map((s) => ({
        name: blank(s.name),
        ageYears: s.ageYears === null || Number.isNaN(s.ageYears) ? undefined : s.ageYears,
        gender: s.gender,
        group: s.group || undefined,
        ownConsent: s.ownConsent ? true : undefined,
      })),
      location: { provinceCode: c.location.provinceCode || undefined, communeCode: blank(c.location.communeCode), address: blank(c.location.address) },
      summary: c.summary,
      consent: c.consent.given || c.consent.method !== 'verbal' ? { given: c.consent.given, method: c.consent.method } : undefined,
    };
  }
  return payload;
}

