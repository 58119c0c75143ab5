/**
 * GET /api/search: references, names in any order without diacritics, caller
 * phones in any format, commune and address words; ranked; scoped to what the
 * user may read; audited; the stored blind index holds no readable word; and a
 * brute-force comparison over a few hundred cases.
 */
import { expect } from 'chai';
import { Types } from 'mongoose';
import { AuditEntryModel, flushAudit, CallModel, CaseModel, CommuneModel, hashPhone, ReferralModel } from '@hotline/db';
import { routeCase } from '@hotline/referrals';
import { foldVietnamese, type TCaseSearchResult } from '@hotline/core';
import type { HttpClient } from '@hotline/testing';
import { apiStack, callBody, freshPhone } from './stack';

const DONG_DA = '00235'; // Phường Đống Đa, Hà Nội
const LANG = '00199'; // Phường Láng

interface Opened {
  id: string;
  reference: string;
}

async function open(c: HttpClient, caseOver: Record<string, unknown>, caller: Record<string, unknown> = {}): Promise<Opened> {
  const r = await c.post('/api/calls', callBody({ caller: { phone: freshPhone(), relationship: 'neighbour', ...caller } }, caseOver));
  expect(r.status, JSON.stringify(r.body)).to.equal(201);
  return { id: r.body.case.id, reference: r.body.case.reference };
}

async function search(c: HttpClient, q: string, limit = 20): Promise<{ items: TCaseSearchResult[]; truncated: boolean }> {
  const r = await c.get(`/api/search?q=${encodeURIComponent(q)}&limit=${limit}`);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body;
}
const ids = (a: { items: { id: string }[] }) => a.items.map((i) => i.id);

describe('case search (GET /api/search)', function () {
  this.timeout(180_000);
  let hn: HttpClient;
  let anh: Opened;
  let anhPhone: string;

  before(async () => {
    const stack = await apiStack();
    hn = await stack.login('counsellor.hn@demo.vn');
    anhPhone = freshPhone();
    anh = await open(
      hn,
      { subjects: [{ name: 'Nguyễn Thị Ánh Tuyết', ageYears: 9, gender: 'female' }], location: { provinceCode: '01', communeCode: DONG_DA, address: 'Số 12 ngõ 34 Láng Hạ' } },
      { phone: anhPhone, name: 'Trần Văn Đức' },
    );
  });

  it('finds a case by its reference, whole or by its number', async () => {
    expect(ids(await search(hn, anh.reference))).to.deep.equal([anh.id]);
    expect(ids(await search(hn, anh.reference.toLowerCase()))).to.deep.equal([anh.id]);
    const seq = String(Number(anh.reference.split('-')[2]));
    const bySeq = await search(hn, seq);
    expect(ids(bySeq)).to.include(anh.id);
    expect(bySeq.items.find((i) => i.id === anh.id)!.matched).to.include('reference');
  });

  it("finds a person's name from fragments in any order, without diacritics", async () => {
    for (const q of ['anh tuyet', 'tuyet anh', 'Ánh Tuyết', 'NGUYEN tuy', 'tuy ngu']) {
      const a = await search(hn, q);
      expect(ids(a), q).to.include(anh.id);
      const hit = a.items.find((i) => i.id === anh.id)!;
      expect(hit.matched, q).to.include('subject_name');
      expect(hit.subjectName).to.equal('Nguyễn Thị Ánh Tuyết');
    }
  });

  it("finds the caller's name, the commune and the address words (đ → d)", async () => {
    const caller = await search(hn, 'duc tran');
    expect(ids(caller)).to.include(anh.id);
    expect(caller.items.find((i) => i.id === anh.id)!.matched).to.include('caller_name');
    const commune = await search(hn, 'dong da');
    expect(ids(commune)).to.include(anh.id);
    const hit = commune.items.find((i) => i.id === anh.id)!;
    expect(hit.matched).to.deep.equal(['commune']);
    expect(hit.communeName).to.equal('Phường Đống Đa');
    expect(hit).to.include({ reference: anh.reference, category: 'child_abuse', riskLevel: 'high', communeCode: DONG_DA });
    expect(hit.subjectName).to.equal(undefined);
    const address = await search(hn, 'lang ha');
    expect(address.items.find((i) => i.id === anh.id)!.matched).to.include('address');
  });

  it("finds the caller's phone number in any format", async () => {
    const national = anhPhone; // 09xxxxxxxx
    const plain = national.slice(1);
    for (const q of [national, `+84${plain}`, `84${plain}`, `+84 ${plain.slice(0, 2)} ${plain.slice(2, 5)} ${plain.slice(5)}`, `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`]) {
      const a = await search(hn, q);
      expect(ids(a), q).to.deep.equal([anh.id]);
      expect(a.items[0]!.matched, q).to.deep.equal(['caller_phone']);
    }
  });

  it('ranks by words matched, then newest first', async () => {
    const older = await open(hn, { subjects: [{ name: 'Bé Khuê Ánh', ageYears: 6, gender: 'female' }], location: { provinceCode: '01', communeCode: DONG_DA } });
    const newer = await open(hn, { subjects: [{ name: 'Bé Khuê Ánh', ageYears: 6, gender: 'female' }], location: { provinceCode: '01', communeCode: LANG } });
    const a = await search(hn, 'khue anh dong');
    const order = ids(a);
    expect(order.indexOf(older.id)).to.be.lessThan(order.indexOf(newer.id)); // three words beat two
    expect(a.items[order.indexOf(older.id)]!.score).to.equal(3);
    expect(a.items[order.indexOf(newer.id)]!.score).to.equal(2);
    const b = ids(await search(hn, 'khue anh'));
    expect(b.indexOf(newer.id)).to.be.lessThan(b.indexOf(older.id)); // same score: newest first
  });

  it("another province's counsellor and an unrelated partner find nothing; admins find it", async () => {
    const stack = await apiStack();
    const hcm = await stack.login('counsellor.hcm@demo.vn');
    // Other suites' cases of province 79 may hold words starting "dong" or "da"; never this case of Hà Nội.
    for (const q of [anh.reference, 'anh tuyet', anhPhone, 'dong da']) expect(ids(await search(hcm, q)), q).to.not.include(anh.id);
    expect(ids(await search(hcm, anh.reference)), 'its reference').to.deep.equal([]);
    const collaborator = await stack.login('collaborator.hn@demo.vn');
    // The demo collaborator may hold other suites' cases of Đống Đa; never this one, which was not referred to it.
    for (const q of [anh.reference, 'anh tuyet', anhPhone, 'dong da']) expect(ids(await search(collaborator, q)), q).to.not.include(anh.id);
    const admin = await stack.login('admin@demo.vn');
    expect(ids(await search(admin, 'anh tuyet'))).to.include(anh.id);
  });

  it('a partner finds only the cases it holds, by what its view shows, and nothing once it declined', async () => {
    const stack = await apiStack();
    const collab = await stack.login('collaborator.hn@demo.vn');
    const partnerId = (await collab.get('/api/auth/me')).body.user.partnerId as string;
    const phone = freshPhone();
    // An address word no other test's case holds (the collaborator holds other suites' cases in this stack too).
    const word = () => Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    const lane = word();
    const given = word();
    const referred = async (consent: boolean, child: string) => {
      // Phường Ba Đình (00004): the demo collaborator's partner covers it and is offered the case first.
      const k = await open(hn, { subjects: [{ name: child, ageYears: 7, gender: 'female' }], location: { provinceCode: '01', communeCode: '00004', address: `Ngõ Văn Chương ${lane}` }, consent: { given: consent, method: 'verbal' } }, { phone, name: 'Chị Lan Hương' });
      const view = await hn.get(`/api/cases/${k.id}`);
      if (view.body.status === 'new') expect((await hn.post(`/api/cases/${k.id}/status`, { to: 'triaged' })).status).to.equal(200);
      expect(await routeCase(stack.api.deps.referrals, k.id, 1)).to.equal('offered');
      const own = (await ReferralModel.find({ caseId: new Types.ObjectId(k.id) }).lean()).find((r) => r.partnerId.toHexString() === partnerId);
      expect(own, 'offered to the demo collaborator').to.not.equal(undefined);
      return { ...k, referralId: own!._id.toHexString() };
    };
    const withheld = await referred(false, `Bé Hoa ${given}`);
    const shared = await referred(true, `Bé Hoa ${given}`);
    // The reference and the commune: always on a partner's view.
    expect(ids(await search(collab, withheld.reference))).to.deep.equal([withheld.id]);
    expect(ids(await search(collab, 'ba dinh'))).to.include.members([withheld.id, shared.id]);
    // Names and the address only with the caller's consent; callers' names and numbers never.
    const byName = await search(collab, given);
    expect(ids(byName)).to.deep.equal([shared.id]);
    expect(byName.items[0]!.subjectName).to.equal(undefined);
    expect(ids(await search(collab, lane))).to.deep.equal([shared.id]);
    expect(ids(await search(collab, 'lan huong'))).to.deep.equal([]);
    expect(ids(await search(collab, phone))).to.deep.equal([]);
    // Declined: no longer held, no longer found.
    expect((await collab.post(`/api/referrals/${shared.referralId}/decline`, { reason: 'Đang bận ca khác' })).status).to.equal(200);
    expect(ids(await search(collab, given))).to.deep.equal([]);
    expect(ids(await search(collab, shared.reference))).to.deep.equal([]);
  });

  it('refuses an empty or oversized query and needs a session', async () => {
    expect((await hn.get('/api/search?q=')).status).to.equal(400);
    expect((await hn.get(`/api/search?q=${'a'.repeat(201)}`)).status).to.equal(400);
    expect((await hn.get('/api/search?q=x&limit=500')).status).to.equal(400);
    const stack = await apiStack();
    expect((await fetch(`${stack.baseUrl}/api/search?q=anh`)).status).to.equal(401);
  });

  it('the stored document holds keyed hashes only, no readable word, number or phone hash', async () => {
    const doc = await CaseModel.findById(anh.id).lean();
    expect(doc!.searchKeys.length).to.be.greaterThan(20);
    const words = ['nguyen', 'anh', 'tuyet', 'tran', 'duc', 'dong', 'da', 'lang', 'ha', '12', '34', 'ng', 'tu'];
    const phoneHash = hashPhone(`+84${anhPhone.slice(1)}`);
    for (const k of doc!.searchKeys) {
      expect(k).to.match(/^[A-Za-z0-9_-]{22}$/);
      for (const w of words) expect(k.toLowerCase()).to.not.equal(w);
      expect(k).to.not.contain(phoneHash);
    }
    const blob = JSON.stringify(doc!.searchKeys).toLowerCase();
    for (const w of ['nguyen', 'tuyet', 'tran', 'dong da', 'lang ha', anh.reference.toLowerCase()]) expect(blob).to.not.contain(w);
  });

  it('keeps the keys current: a triage edit of names and place, and an attached call', async () => {
    const c = await open(hn, { subjects: [{ name: 'Phạm Quỳnh Giao', ageYears: 10, gender: 'female' }], location: { provinceCode: '01', communeCode: DONG_DA } });
    expect(ids(await search(hn, 'quynh giao'))).to.include(c.id);
    const patched = await hn.patch(`/api/cases/${c.id}`, { subjects: [{ name: 'Phạm Quỳnh Hoa', ageYears: 10, gender: 'female' }], location: { provinceCode: '01', communeCode: LANG, address: 'Chùa Bộc' } });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    expect(ids(await search(hn, 'giao'))).to.not.include(c.id); // the old name is gone ("quynh" alone still matches)
    expect(ids(await search(hn, 'quynh hoa'))).to.include(c.id);
    expect(ids(await search(hn, 'chua boc'))).to.include(c.id);
    const dong = await search(hn, 'dong da');
    expect(ids(dong)).to.not.include(c.id);
    // A later call from someone else attaches: their name and number find the case too.
    const phone = freshPhone();
    const attached = await hn.post('/api/calls', { channel: 'phone', caller: { phone, name: 'Lò Thị Sinh', relationship: 'teacher' }, outcome: 'attached_to_case', caseId: c.id });
    expect(attached.status, JSON.stringify(attached.body)).to.be.oneOf([200, 201]);
    expect(ids(await search(hn, 'sinh lo'))).to.include(c.id);
    expect(ids(await search(hn, phone))).to.deep.equal([c.id]);
    // Moved to another province: found there by its staff, no longer here.
    const moved = await (await apiStack()).login('admin@demo.vn');
    expect((await moved.patch(`/api/cases/${c.id}`, { location: { provinceCode: '79' } })).status).to.equal(200);
    expect(ids(await search(hn, 'quynh hoa'))).to.not.include(c.id);
    const hcm = await (await apiStack()).login('counsellor.hcm@demo.vn');
    expect(ids(await search(hcm, 'quynh hoa'))).to.include(c.id);
    expect(ids(await search(hcm, 'sinh lo'))).to.include(c.id);
  });

  it('is audited: the search (never its words) and each case it showed', async () => {
    const before = new Date();
    const a = await search(hn, 'anh tuyet');
    await flushAudit();
    const entries = await AuditEntryModel.find({ at: { $gte: before }, action: { $in: ['case.search', 'case.search_result'] } }).lean();
    expect(entries.filter((e) => e.action === 'case.search')).to.have.length.greaterThan(0);
    const shown = entries.filter((e) => e.action === 'case.search_result').map((e) => e.targetId);
    expect(shown).to.include.members(ids(a));
    expect(JSON.stringify(entries)).to.not.match(/tuyet|Tuyết/i);
  });
});

// ---------------------------------------------------------------- brute force

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Thị', 'Văn', 'Ngọc', 'Minh', 'Thanh', 'Đức', 'Hữu', 'Gia'];
const GIVEN = ['Ánh', 'Tuyết', 'Lan', 'Hùng', 'Dũng', 'Đạt', 'Hà', 'Hương', 'Phúc', 'Khánh', 'Linh', 'Nam', 'An', 'Bảo', 'Châu', 'Duy', 'Đào', 'Xuân'];
const STREETS = ['Láng Hạ', 'Nguyễn Trãi', 'Lê Lợi', 'Hai Bà Trưng', 'Điện Biên Phủ', 'Cách Mạng Tháng Tám'];

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

/** The plain meaning of a search, written independently of the index: folded words, prefixes of two or more. */
const plainWords = (text: string | null | undefined) => (text ? foldVietnamese(text).split(/[^a-z0-9]+/).filter(Boolean) : []);
const communeWords = (name: string | null) => plainWords(name).join(' ').replace(/^(phuong|xa|thi tran|dac khu) /, '').split(' ').filter(Boolean);

describe('case search: brute-force comparison over a few hundred cases', function () {
  this.timeout(600_000);

  it('returns exactly the cases a plain scan of the fields finds, in the same order', async () => {
    const stack = await apiStack();
    const hcm = await stack.login('counsellor.hcm@demo.vn');
    const communes = (await CommuneModel.find({ provinceCode: '79' }).lean()).slice(0, 25);
    const r = rng(20261201);
    const name = () => `${r.pick(FAMILY)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`;
    const N = 240;
    for (let i = 0; i < N; i += 6) {
      await Promise.all(
        Array.from({ length: Math.min(6, N - i) }, () => {
          const subjects = Array.from({ length: r.int(1, 2) }, () => ({ name: r.next() < 0.85 ? name() : undefined, ageYears: r.int(1, 17), gender: 'female' }));
          const address = r.next() < 0.5 ? `Số ${r.int(1, 200)} ${r.pick(STREETS)}` : undefined;
          const caller = r.next() < 0.5 ? { name: name() } : {};
          return open(hcm, { subjects, location: { provinceCode: '79', communeCode: r.pick(communes)._id, ...(address ? { address } : {}) } }, caller);
        }),
      );
    }

    // Every case of the province as stored (with its callers' names and its commune's name).
    const cases = await CaseModel.find({ provinceCode: '79' }).lean();
    expect(cases.length).to.be.at.least(N);
    const calls = await CallModel.find({ caseId: { $in: cases.map((c) => c._id) } }).lean();
    const communeName = new Map((await CommuneModel.find({ provinceCode: '79' }).lean()).map((c) => [c._id, c.name]));
    const fields = new Map(
      cases.map((c) => [
        c._id.toHexString(),
        {
          words: [
            ...c.subjects.flatMap((s) => plainWords(s.name)),
            ...calls.filter((x) => x.caseId?.equals(c._id)).flatMap((x) => plainWords(x.caller.name)),
            ...communeWords(c.location.communeCode ? (communeName.get(c.location.communeCode) ?? null) : null),
            ...plainWords(c.location.address),
          ],
          seq: String(Number(c.reference.split('-')[2])),
        },
      ]),
    );
    const expected = (q: string, limit: number) => {
      const words = [...new Set(plainWords(q))];
      const scored = [...fields].map(([id, f]) => ({
        id,
        score: words.filter((w) => f.words.some((x) => (w.length >= 2 ? x.startsWith(w) : x === w)) || (/^\d+$/.test(w) && f.seq === String(Number(w)))).length,
      }));
      return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || b.id.localeCompare(a.id)).slice(0, limit);
    };

    let compared = 0;
    for (let k = 0; k < 60; k++) {
      const c = r.pick(cases);
      const f = fields.get(c._id.toHexString())!;
      const pool = [...f.words, r.pick(GIVEN), r.pick(FAMILY), r.pick(STREETS).split(' ')[0]!];
      const words = Array.from({ length: r.int(1, 3) }, () => {
        const w = r.pick(pool);
        const folded = foldVietnamese(w);
        const cut = folded.length > 2 && r.next() < 0.4 ? folded.slice(0, r.int(2, folded.length)) : folded;
        return r.next() < 0.3 && cut === folded ? w : cut; // sometimes typed with diacritics
      });
      const q = words.join(' ');
      const got = await search(hcm, q, 50);
      if (got.truncated) continue;
      const want = expected(q, 50);
      expect(got.items.map((i) => [i.id, i.score]), q).to.deep.equal(want.map((w) => [w.id, w.score]));
      compared++;
    }
    expect(compared).to.be.greaterThan(30);
  });
});
