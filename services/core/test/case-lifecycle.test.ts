import { expect } from 'chai';
import { assertTransition, canTransition, CASE_STATUSES, DomainError, type TCaseStatus } from '../src/index';

describe('case lifecycle', () => {
  const legal: Array<[TCaseStatus, TCaseStatus]> = [
    ['new', 'triaged'], ['new', 'closed'],
    ['triaged', 'referred'], ['triaged', 'in_progress'], ['triaged', 'closed'],
    ['referred', 'accepted'], ['referred', 'triaged'], ['referred', 'closed'],
    ['accepted', 'in_progress'], ['accepted', 'referred'], ['accepted', 'closed'],
    ['in_progress', 'follow_up'], ['in_progress', 'closed'],
    ['follow_up', 'in_progress'], ['follow_up', 'closed'],
    ['closed', 'triaged'],
  ];

  it('allows exactly the transitions of the lifecycle and no others', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} → ${to}`).to.equal(expected);
      }
    }
  });

  it('refuses an illegal transition with a 409 naming what is allowed', () => {
    try {
      assertTransition('new', 'accepted', undefined);
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(DomainError);
      expect((err as DomainError).status).to.equal(409);
      expect((err as DomainError).issues?.[0]?.message).to.contain('triaged');
    }
  });

  it('requires a reason to close and to reopen', () => {
    expect(() => assertTransition('in_progress', 'closed', '  ')).to.throw(DomainError).with.property('status', 400);
    expect(() => assertTransition('closed', 'triaged', undefined)).to.throw(DomainError).with.property('status', 400);
    expect(() => assertTransition('in_progress', 'closed', 'child placed with relatives')).not.to.throw();
  });
});
