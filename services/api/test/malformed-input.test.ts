/**
 * Bad input gets a 400 naming the field, never a 500 and never half a case.
 * Each body is sent as a counsellor; the number of cases and calls must not move.
 */
import { expect } from 'chai';
import { CallModel, CaseModel, TimelineEventModel } from '@hotline/db';
import { apiStack, callBody } from './stack';

const good = callBody();
const withCase = (over: Record<string, unknown>) => ({ ...good, case: { ...good.case, ...over } });
const long = (n: number) => 'x'.repeat(n);

/** [what, body, the issue path expected first (or a prefix)] */
const CASES: Array<[string, unknown, string]> = [
  ['empty object', {}, 'channel'],
  ['channel of the wrong type', { ...good, channel: 5 }, 'channel'],
  ['unknown channel', { ...good, channel: 'fax' }, 'channel'],
  ['unknown outcome', { ...good, outcome: 'solved' }, 'outcome'],
  ['outcome missing', { ...good, outcome: undefined }, 'outcome'],
  ['NoSQL operator as outcome', { ...good, outcome: { $gt: '' } }, 'outcome'],
  ['NoSQL operator as caseId', { ...good, outcome: 'attached_to_case', case: undefined, caseId: { $ne: null } }, 'caseId'],
  ['NoSQL operator as phone', { ...good, caller: { phone: { $gt: '' } } }, 'caller.phone'],
  ['NoSQL operator as province', withCase({ location: { provinceCode: { $in: ['01'] } } }), 'case.location.provinceCode'],
  ['NoSQL operator as summary', withCase({ summary: { $where: 'sleep(1000)' } }), 'case.summary'],
  ['operator key at the top level', { ...good, $set: { status: 'closed' } }, '$set'],
  ['operator key inside case', withCase({ $inc: { version: 1 } }), 'case.$inc'],
  ['__proto__ key', JSON.parse(`{"channel":"phone","outcome":"silent","__proto__":{"admin":true}}`), '__proto__'],
  ['phone with letters', { ...good, caller: { phone: 'call me maybe' } }, 'caller.phone'],
  ['phone too long', { ...good, caller: { phone: '0'.repeat(40) } }, 'caller.phone'],
  ['phone that is not a number', { ...good, caller: { phone: '0000' } }, 'caller.phone'],
  ['huge caller name', { ...good, caller: { phone: '0912345678', name: long(5000) } }, 'caller.name'],
  ['huge summary', withCase({ summary: long(20_000) }), 'case.summary'],
  ['empty summary', withCase({ summary: '   ' }), 'case.summary'],
  ['unknown category', withCase({ category: 'burglary' }), 'case.category'],
  ['risk level as a number', withCase({ riskLevel: 3 }), 'case.riskLevel'],
  ['no subjects', withCase({ subjects: [] }), 'case.subjects'],
  ['too many subjects', withCase({ subjects: Array.from({ length: 21 }, () => ({})) }), 'case.subjects'],
  ['negative age', withCase({ subjects: [{ ageYears: -1 }] }), 'case.subjects.0.ageYears'],
  ['fractional age', withCase({ subjects: [{ ageYears: 7.5 }] }), 'case.subjects.0.ageYears'],
  ['age as a string', withCase({ subjects: [{ ageYears: '8' }] }), 'case.subjects.0.ageYears'],
  ['unknown gender', withCase({ subjects: [{ gender: 'x' }] }), 'case.subjects.0.gender'],
  ['unknown province', withCase({ location: { provinceCode: '99' } }), 'case.location.provinceCode'],
  ['commune code of the wrong shape', withCase({ location: { provinceCode: '01', communeCode: 'ABC' } }), 'case.location.communeCode'],
  ['location missing', withCase({ location: undefined }), 'case.location'],
  ['sub-category of another category', withCase({ subCategories: ['suicide_risk'] }), 'case.subCategories.0'],
  ['consent not a boolean', withCase({ consent: { given: 'yes' } }), 'case.consent.given'],
  ['case given with a prank outcome', { ...good, outcome: 'prank' }, 'case'],
  ['caseId missing to attach', { ...good, outcome: 'attached_to_case', case: undefined }, 'caseId'],
  ['caseId not an id', { ...good, outcome: 'attached_to_case', case: undefined, caseId: 'abc' }, 'caseId'],
  ['startedAt not a date', { ...good, startedAt: 'yesterday' }, 'startedAt'],
  ['negative duration', { ...good, durationSeconds: -5 }, 'durationSeconds'],
  ['clientRequestId not a uuid', { ...good, clientRequestId: 'abc' }, 'clientRequestId'],
  ['array body', [good], '(body)'],
  ['string body', '"hello"', ''],
  ['broken JSON', '{"channel": "phone",', ''],
];

describe('malformed call bodies', () => {
  it(`answers each of ${CASES.length} malformed bodies with 400 naming the field, writing nothing`, async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const counts = async () => [await CaseModel.countDocuments(), await CallModel.countDocuments(), await TimelineEventModel.countDocuments()];
    const before = await counts();
    for (const [what, body, path] of CASES) {
      const r = await c.post('/api/calls', typeof body === 'string' ? body : body);
      expect(r.status, `${what}: ${JSON.stringify(r.body)}`).to.equal(400);
      expect(r.body.error.code, what).to.be.oneOf(['validation_failed', 'invalid_json']);
      if (path) {
        const paths = (r.body.error.issues ?? []).map((i: { path: string }) => i.path);
        expect(paths.some((p: string) => p === path || p.startsWith(`${path}.`)), `${what}: got ${paths.join(', ')}`).to.equal(true);
      }
    }
    expect(await counts()).to.deep.equal(before);
  });

  it('a body over the size limit gets 413, not 500', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const r = await c.post('/api/calls', withCase({ summary: long(400_000) }));
    expect(r.status).to.equal(413);
  });

  it('malformed ids, queries and other bodies get 400 with the field named', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const expectField = async (p: Promise<{ status: number; body: { error: { issues?: { path: string }[] } } }>, path: string) => {
      const r = await p;
      expect(r.status).to.equal(400);
      expect(r.body.error.issues?.map((i) => i.path)).to.include(path);
    };
    await expectField(c.get('/api/cases/not-an-id'), 'id');
    await expectField(c.get('/api/cases?limit=1000'), 'limit');
    await expectField(c.get('/api/cases?cursor=$gt'), 'cursor');
    await expectField(c.get('/api/callers/lookup'), 'phone');
    await expectField(c.get('/api/callers/lookup?phone=abc'), 'phone');
    await expectField(c.post('/api/auth/login', { email: { $gt: '' }, password: 'x' }), 'email');
    await expectField(c.post('/api/cases/0123456789abcdef01234567/status', { to: 'done' }), 'to');
    await expectField(c.post('/api/cases/0123456789abcdef01234567/notes', { text: '' }), 'text');
    await expectField(c.patch('/api/cases/0123456789abcdef01234567', {}), '(body)');
  });
});
