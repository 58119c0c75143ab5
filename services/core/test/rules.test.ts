import { expect } from 'chai';
import {
  canReadCase, foldVietnamese, formatCaseReference, personGroupOf, provinceScope, roomsFor, yearInVietnam, ZCallInput,
  PROVINCES, type TSessionUser,
} from '../src/index';

const user = (over: Partial<TSessionUser>): TSessionUser => ({
  id: 'a'.repeat(24), email: 'x@demo.vn', name: 'X', role: 'counsellor', provinces: ['01'], allProvinces: false, partnerId: null, ...over,
});

describe('case references', () => {
  it('reads province prefix, year and a six-digit sequence', () => {
    expect(formatCaseReference('01', 2026, 123)).to.equal('HN-2026-000123');
    expect(formatCaseReference('79', 2026, 1)).to.equal('HCM-2026-000001');
    expect(formatCaseReference('48', 2027, 1_234_567)).to.equal('DNG-2027-1234567');
  });
  it('counts the year in Vietnam: 31 Dec 17:00 UTC is already next year', () => {
    expect(yearInVietnam(new Date('2026-12-31T16:59:00Z'))).to.equal(2026);
    expect(yearInVietnam(new Date('2026-12-31T17:00:00Z'))).to.equal(2027);
  });
  it('knows the 34 provinces with unique codes and prefixes', () => {
    expect(PROVINCES).to.have.length(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).to.equal(34);
    expect(new Set(PROVINCES.map((p) => p.referencePrefix)).size).to.equal(34);
  });
});

describe('Vietnamese search folding', () => {
  it('ignores diacritics and case, and folds đ to d', () => {
    expect(foldVietnamese('Thành phố Hà Nội')).to.equal('thanh pho ha noi');
    expect(foldVietnamese('ĐÀ NẴNG')).to.equal('da nang');
    expect(foldVietnamese('  Phường   Ba Đình ')).to.equal('phuong ba dinh');
    expect(foldVietnamese('Thừa Thiên Huế')).to.equal('thua thien hue');
  });
});

describe('access rules', () => {
  it('staff read cases of their provinces only; admins read all', () => {
    expect(canReadCase(user({}), { provinceCode: '01' })).to.equal(true);
    expect(canReadCase(user({}), { provinceCode: '79' })).to.equal(false);
    expect(canReadCase(user({ role: 'admin', provinces: [], allProvinces: true }), { provinceCode: '79' })).to.equal(true);
  });
  it('a collaborator reads only cases referred to their partner, whatever their provinces', () => {
    const collab = user({ role: 'collaborator', partnerId: 'b'.repeat(24) });
    expect(canReadCase(collab, { provinceCode: '01' })).to.equal(false);
    expect(canReadCase(collab, { provinceCode: '01', referrals: [{ partnerId: 'c'.repeat(24), status: 'accepted' }] })).to.equal(false);
    expect(canReadCase(collab, { provinceCode: '79', referrals: [{ partnerId: 'b'.repeat(24), status: 'offered' }] })).to.equal(true);
    expect(provinceScope(collab)).to.deep.equal([]);
  });
  it('collaborator sockets join no province room', () => {
    expect(roomsFor(user({ role: 'collaborator', partnerId: 'b'.repeat(24) })).some((r) => r.startsWith('province:'))).to.equal(false);
    expect(roomsFor(user({}))).to.include('province:01');
    expect(roomsFor(user({ role: 'admin', provinces: [], allProvinces: true }))).to.include('province:all');
  });
});

describe('people at risk', () => {
  it('reads the group from the age when none is given', () => {
    expect(personGroupOf({ ageYears: 8 })).to.equal('child');
    expect(personGroupOf({ ageYears: 15 })).to.equal('child');
    expect(personGroupOf({ ageYears: 16 })).to.equal('other_adult');
    expect(personGroupOf({ ageYears: 72 })).to.equal('elderly');
    expect(personGroupOf({ ageYears: 72, group: 'person_with_disability' })).to.equal('person_with_disability');
  });
});

describe('call input rules', () => {
  const base = { channel: 'phone', caller: { phone: '0912345678' } };
  const kase = { category: 'child_abuse', riskLevel: 'high', subjects: [{ ageYears: 8 }], location: { provinceCode: '01' }, summary: 's' };
  const paths = (v: unknown) => {
    const r = ZCallInput.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  it('case_opened needs a case; attached_to_case needs a caseId; others need neither', () => {
    expect(paths({ ...base, outcome: 'case_opened' })).to.deep.equal(['case']);
    expect(paths({ ...base, outcome: 'case_opened', case: kase })).to.deep.equal([]);
    expect(paths({ ...base, outcome: 'attached_to_case' })).to.deep.equal(['caseId']);
    expect(paths({ ...base, outcome: 'prank', case: kase })).to.deep.equal(['case']);
    expect(paths({ ...base, outcome: 'silent' })).to.deep.equal([]);
  });
  it('refuses a sub-category of another category, naming it', () => {
    expect(paths({ ...base, outcome: 'case_opened', case: { ...kase, subCategories: ['suicide_risk'] } })).to.deep.equal(['case.subCategories.0']);
    expect(paths({ ...base, outcome: 'case_opened', case: { ...kase, subCategories: ['neglect'] } })).to.deep.equal([]);
  });
});
