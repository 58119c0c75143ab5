/** Issue 11: the shared rules behind the access and input fixes (each failed before its fix). */
import { expect } from 'chai';
import {
  canReadCase, caseRoom, caseStaffRoom, caseWatchRooms, loadEnv, partnerCaseView, partnerRoom, referralAudience, requiredText, text,
  ZCallInput, ZNoteInput, REFERRAL_STATUSES, type TCaseView, type TSessionUser,
} from '../src/index';

const P = 'b'.repeat(24);
const OTHER = 'c'.repeat(24);
const collab = (): TSessionUser => ({
  id: 'd'.repeat(24), email: 'ctv@demo.vn', name: 'CTV', role: 'collaborator', provinces: ['01'], allProvinces: false, partnerId: P,
});

describe('issue 11: a partner reads a case only while it holds an open referral of it', () => {
  it('offered, accepted and contacted hold the case; every other status of its referrals does not', () => {
    for (const status of REFERRAL_STATUSES) {
      const expected = ['offered', 'accepted', 'contacted'].includes(status);
      expect(canReadCase(collab(), { provinceCode: '01', referrals: [{ partnerId: P, status }] }), status).to.equal(expected);
    }
  });
  it("another partner's open referral gives nothing; a later open round after a decline does", () => {
    expect(canReadCase(collab(), { provinceCode: '01', referrals: [{ partnerId: P, status: 'declined' }, { partnerId: OTHER, status: 'accepted' }] })).to.equal(false);
    expect(canReadCase(collab(), { provinceCode: '01', referrals: [{ partnerId: P, status: 'declined' }, { partnerId: P, status: 'offered' }] })).to.equal(true);
  });
});

describe("issue 11: a partner's sockets hear only their own referral", () => {
  it('a watching partner joins the case room, never the staff room; staff join both', () => {
    expect(caseWatchRooms(collab(), 'e'.repeat(24))).to.deep.equal([caseRoom('e'.repeat(24))]);
    expect(caseWatchRooms({ role: 'counsellor' }, 'e'.repeat(24))).to.deep.equal([caseRoom('e'.repeat(24)), caseStaffRoom('e'.repeat(24))]);
  });
  it("a referral's audience is staff and its own partner, not the case room other partners may watch", () => {
    const rooms = referralAudience({ caseId: 'e'.repeat(24), provinceCode: '01', partnerId: P, partnerUserId: 'f'.repeat(24) });
    expect(rooms).not.to.include(caseRoom('e'.repeat(24)));
    expect(rooms).to.include.members([caseStaffRoom('e'.repeat(24)), 'province:01', 'province:all', partnerRoom(P), `user:${'f'.repeat(24)}`]);
    expect(rooms).not.to.include(partnerRoom(OTHER));
  });
});

describe("issue 11: a partner's view of a case", () => {
  const at = '2026-01-01T00:00:00.000Z';
  const referral = (id: string, partnerId: string) => ({
    id, caseId: 'e'.repeat(24), caseReference: 'HN-2026-000001', category: 'child_abuse' as const, riskLevel: 'high' as const, communeCode: '00004',
    partnerId, partnerName: partnerId === P ? 'CTV Ba Đình' : 'CTV khác', round: 1, status: 'offered' as const, code: 'K7Q2MX', channelStep: 0,
    channels: ['console' as const], offeredAt: at, answeredAt: null, answeredVia: null, contactedAt: null, completedAt: null, reason: null,
  });
  const deadline = (id: string, referralId: string | null) => ({
    id, caseId: 'e'.repeat(24), referralId, key: 'accept', kind: 'accept' as const, clock: 'business_hours' as const, startsAt: at, dueAt: at,
    state: 'pending' as const, escalationLevel: 0, remindersSent: 0, metAt: null, breachedAt: null,
  });
  const actor = { kind: 'user' as const, id: 'a'.repeat(24), role: 'counsellor' as const, name: 'Tư vấn viên' };
  const event = (id: string, type: string, data: Record<string, unknown>, by = actor) => ({ id, caseId: 'e'.repeat(24), type, actor: by, at, data });
  const view = (consent: TCaseView['consent']): TCaseView => ({
    id: 'e'.repeat(24), reference: 'HN-2026-000001', status: 'referred', category: 'child_abuse', riskLevel: 'high', provinceCode: '01', communeCode: '00004',
    assignedCounsellorId: 'a'.repeat(24), subjectCount: 1, createdAt: at, updatedAt: at, subCategories: [],
    subjects: [{ name: 'Bé Khánh', ageYears: 7, gender: 'female', group: 'child' }],
    location: { provinceCode: '01', provinceName: 'Hà Nội', communeCode: '00004', communeName: 'Phường Ba Đình', address: 'Số 1 ngõ 2' },
    summary: 'Bé Khánh bị cha đánh nhiều lần', consent, createdBy: 'a'.repeat(24), callIds: ['9'.repeat(24)], version: 3, routingState: 'offered', routingRound: 1,
    timeline: [
      event('1', 'case.opened', { reference: 'HN-2026-000001' }),
      event('2', 'case.note_added', { kind: 'note', text: 'Bé Khánh ở với bà' }),
      event('3', 'referral.offered', { partnerId: P, partnerName: 'CTV Ba Đình' }),
      event('4', 'referral.offered', { partnerId: OTHER, partnerName: 'CTV khác' }),
      event('5', 'case.note_added', { kind: 'follow_up', text: 'Đã đến nhà' }, { kind: 'user', id: 'd'.repeat(24), role: 'collaborator' as never, name: 'CTV' }),
    ],
    referrals: [referral('1'.repeat(24), P), referral('2'.repeat(24), OTHER)],
    routingDecisions: [{ round: 1, decidedAt: at, offersAtOnce: 2, needsPlacement: false, candidates: [] }],
    deadlines: [deadline('3'.repeat(24), null), deadline('4'.repeat(24), '1'.repeat(24)), deadline('5'.repeat(24), '2'.repeat(24))],
  });
  const reader = { partnerId: P, userId: 'd'.repeat(24) };

  for (const consent of [null, { given: false, method: 'verbal' as const, notes: 'Người gọi không đồng ý' }]) {
    it(`without consent (${consent ? 'refused' : 'not recorded'}) carries only what the partner needs to act`, () => {
      const v = partnerCaseView(view(consent), reader);
      const wire = JSON.stringify(v);
      for (const secret of ['Bé Khánh', 'bị cha đánh', 'Số 1 ngõ 2', 'ở với bà', 'CTV khác', 'Người gọi không đồng ý', '9'.repeat(24)]) expect(wire).not.to.contain(secret);
      expect(v).to.include({ reference: 'HN-2026-000001', category: 'child_abuse', riskLevel: 'high', status: 'referred', communeCode: '00004', summary: '', detailsWithheld: true });
      expect(v.location).to.include({ communeName: 'Phường Ba Đình', address: null });
      expect(v.subjects).to.deep.equal([{ ageYears: 7, gender: 'female', group: 'child' }]);
      expect(v.referrals!.map((r) => r.partnerId)).to.deep.equal([P]);
      expect(v.deadlines!.map((d) => d.id)).to.deep.equal(['3'.repeat(24), '4'.repeat(24)]);
      expect(v.timeline!.map((e) => e.id)).to.deep.equal(['3', '5']);
      expect(v).not.to.have.property('routingDecisions');
    });
  }

  it("with the caller's and the child's own consent keeps the details, still without other partners' referrals or the routing decisions", () => {
    const consented = view({ given: true, method: 'verbal' });
    const v = partnerCaseView({ ...consented, subjects: consented.subjects.map((s) => ({ ...s, ownConsent: true })) }, reader);
    expect(v.subjects[0]!.name).to.equal('Bé Khánh');
    expect(v.summary).to.equal('Bé Khánh bị cha đánh nhiều lần');
    expect(v).not.to.have.property('detailsWithheld');
    expect(v.referrals!.map((r) => r.partnerId)).to.deep.equal([P]);
    expect(v.timeline!.map((e) => e.id)).to.deep.equal(['1', '2', '3', '5']);
    expect(v).not.to.have.property('routingDecisions');
  });

  it("a child of 7 or more without its own consent: the caller's consent is not enough", () => {
    const v = partnerCaseView(view({ given: true, method: 'verbal' }), reader);
    expect(v.detailsWithheld).to.equal(true);
    expect(JSON.stringify(v)).to.not.contain('Bé Khánh');
    const younger = view({ given: true, method: 'verbal' });
    younger.subjects = [{ name: 'Bé Khánh', ageYears: 6, gender: 'female', group: 'child' }];
    expect(partnerCaseView(younger, reader).subjects[0]!.name, 'under 7 the caller decides').to.equal('Bé Khánh');
  });

  it("a supervisor's override shares names and the summary, but not who overrode nor why", () => {
    const v = partnerCaseView({ ...view(null), consentOverride: { byId: 'b'.repeat(24), byName: 'Giám sát', reason: 'Trẻ gặp nguy hiểm', at } }, reader);
    expect(v.subjects[0]!.name).to.equal('Bé Khánh');
    expect(v.summary).to.equal('Bé Khánh bị cha đánh nhiều lần');
    expect(v).not.to.have.property('detailsWithheld');
    expect(v).not.to.have.property('consentOverride');
  });
});

describe('issue 11: production settings are enforced at start', () => {
  const good = {
    NODE_ENV: 'production', COOKIE_SECURE: 'true', PHONE_HASH_KEY: 'p'.repeat(40), FIELD_ENCRYPTION_KEY: 'f'.repeat(40),
    TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'a-real-looking-auth-token', TWILIO_FROM: '+15005550006',
  };
  const refusal = (env: Record<string, string | undefined>) => {
    try {
      loadEnv(env);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('starts with secure settings, and development still starts on the defaults', () => {
    expect(refusal(good)).to.equal(null);
    expect(loadEnv(good).COOKIE_SECURE).to.equal(true);
    expect(refusal({})).to.equal(null);
    expect(refusal({ NODE_ENV: 'test' })).to.equal(null);
  });

  const cases: Array<[string, Record<string, string | undefined>, string]> = [
    ['insecure cookies', { COOKIE_SECURE: 'false' }, 'COOKIE_SECURE'],
    ['cookies left at the default', { COOKIE_SECURE: undefined }, 'COOKIE_SECURE'],
    ['no phone hash key', { PHONE_HASH_KEY: undefined }, 'PHONE_HASH_KEY'],
    ['the development phone hash key', { PHONE_HASH_KEY: 'development-phone-hash-key-change-me-0000' }, 'PHONE_HASH_KEY'],
    ['no field encryption key', { FIELD_ENCRYPTION_KEY: undefined }, 'FIELD_ENCRYPTION_KEY'],
    ['the development field encryption key', { FIELD_ENCRYPTION_KEY: 'development-field-encryption-key-change-me' }, 'FIELD_ENCRYPTION_KEY'],
    ["the fake Twilio's public token", { TWILIO_AUTH_TOKEN: 'demo-auth-token' }, 'TWILIO_AUTH_TOKEN'],
    ['no Twilio token', { TWILIO_AUTH_TOKEN: undefined }, 'TWILIO_AUTH_TOKEN'],
    ["the fake Twilio's account", { TWILIO_ACCOUNT_SID: undefined }, 'TWILIO_ACCOUNT_SID'],
  ];
  for (const [what, over, name] of cases) {
    it(`refuses production with ${what}, naming ${name}`, () => {
      const message = refusal({ ...good, ...over });
      expect(message, 'must refuse').to.be.a('string');
      expect(message).to.match(new RegExp(`^  ${name}: .*production`, 'm'));
    });
  }

  it('lists every problem at once', () => {
    const message = refusal({ NODE_ENV: 'production' })!;
    for (const name of ['COOKIE_SECURE', 'PHONE_HASH_KEY', 'FIELD_ENCRYPTION_KEY', 'TWILIO_AUTH_TOKEN', 'TWILIO_ACCOUNT_SID']) expect(message).to.contain(`  ${name}: `);
  });
});

describe('issue 11: text fields refuse NUL characters and unpaired surrogates', () => {
  const problems = (schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, v: unknown) =>
    schema.safeParse(v).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

  it('the shared helpers refuse them, whatever the position', () => {
    for (const bad of ['a\u0000b', '\u0000', 'Bé A\u0000', 'a\uD800b', 'a\uDC00', '\uD83D', '\uDE00\uD83D']) {
      expect(problems(requiredText(100), bad), JSON.stringify(bad)).to.have.length(1);
      expect(problems(text(100), bad), JSON.stringify(bad)).to.have.length(1);
    }
    expect(problems(requiredText(100), 'x\u0000')[0]).to.contain('NUL');
    expect(problems(requiredText(100), 'x\uD800')[0]).to.contain('surrogate');
  });

  it('still takes Vietnamese, emoji (paired surrogates) and ordinary line breaks', () => {
    for (const good of ['Hàng xóm nghe tiếng trẻ khóc', 'Bé 😀 an toàn', 'dòng 1\ndòng 2\ttab', 'Đặng Thị Ngọc Hân']) {
      expect(problems(requiredText(100), good), good).to.deep.equal([]);
      expect(text(100).parse(good)).to.equal(good);
    }
  });

  it('request bodies name the field', () => {
    expect(problems(ZNoteInput, { text: 'ghi chú\u0000' })).to.deep.equal(['text: must not contain NUL characters']);
    const call = { channel: 'phone', outcome: 'case_opened', caller: { name: 'Chị \uD800Lan' }, case: { category: 'child_abuse', riskLevel: 'high', subjects: [{ name: 'Bé\u0000A' }], location: { provinceCode: '01' }, summary: 's' } };
    expect(problems(ZCallInput, call).map((p) => p.split(':')[0])).to.have.members(['caller.name', 'case.subjects.0.name']);
  });
});
