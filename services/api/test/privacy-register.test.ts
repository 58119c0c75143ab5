import { expect } from 'chai';
import { DATA_CATEGORIES } from '@hotline/core';
import { apiStack } from './stack';

describe('processing register', () => {
  it('gives managers and admins each purpose with its legal basis per data category and the retention in force', async () => {
    const stack = await apiStack();
    const manager = await stack.login('manager.hn@demo.vn');
    const r = await manager.get('/api/privacy/register');
    expect(r.status).to.equal(200);
    const purposes = r.body.purposes as { id: string; categories: { category: string; basis: string }[]; retention: { years: number | null; setting: string | null; then: string } }[];
    const response = purposes.find((p) => p.id === 'hotline_response')!;
    expect(response.retention).to.deep.equal({ years: stack.env.RETENTION_CLOSED_CASE_YEARS, setting: 'RETENTION_CLOSED_CASE_YEARS', then: 'anonymised' });
    // Names reach partners on consent only; every category held has a purpose and a basis.
    const referral = purposes.find((p) => p.id === 'referral_to_partners')!;
    expect(referral.categories.find((c) => c.category === 'subject_identity')?.basis).to.equal('consent');
    const covered = new Set(purposes.flatMap((p) => p.categories.map((c) => c.category)));
    expect([...DATA_CATEGORIES].filter((c) => !covered.has(c))).to.deep.equal([]);
    expect(purposes.every((p) => p.categories.every((c) => typeof c.basis === 'string' && c.basis.length > 0))).to.equal(true);
  });

  it('is not for counsellors or partners', async () => {
    const stack = await apiStack();
    expect((await (await stack.login('counsellor.hn@demo.vn')).get('/api/privacy/register')).status).to.equal(403);
    expect((await (await stack.login('collaborator.hn@demo.vn')).get('/api/privacy/register')).status).to.equal(403);
  });
});
