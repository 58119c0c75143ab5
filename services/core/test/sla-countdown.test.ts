import { expect } from 'chai';
import { countdown, type TCountdownState } from '../src/sla/index';

const now = new Date('2026-03-02T03:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms);
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('SLA countdown for the console', () => {
  const cases: [string, number, TCountdownState, string][] = [
    ['hours and minutes, rounded down', 2 * H + 15 * M + 59 * S, 'ok', 'còn 2 giờ 15 phút'],
    ['whole hours', 2 * H, 'ok', 'còn 2 giờ'],
    ['days and hours beyond a day', 3 * D + 4 * H + 20 * M, 'ok', 'còn 3 ngày 4 giờ'],
    ['warning in the last 30 minutes', 10 * M, 'warning', 'còn 10 phút'],
    ['under a minute', 30 * S, 'warning', 'còn dưới 1 phút'],
    ['breached at the due instant', 0, 'breached', 'vừa quá hạn'],
    ['overdue minutes', -(10 * M + 30 * S), 'breached', 'quá hạn 10 phút'],
    ['overdue hours', -(1 * H + 5 * M), 'breached', 'quá hạn 1 giờ 5 phút'],
    ['overdue a day', -D, 'breached', 'quá hạn 1 ngày'],
  ];
  for (const [name, remaining, state, label] of cases) {
    it(`${name}: ${label}`, () => {
      expect(countdown(at(remaining), now)).to.deep.equal({ state, remainingMs: remaining, label });
    });
  }

  it('with the window start, warns from 80 % of the window', () => {
    const startsAt = at(-80 * M);
    expect(countdown(at(21 * M), now, { startsAt }).state).to.equal('ok'); // 80 of 101 minutes elapsed
    expect(countdown(at(20 * M), now, { startsAt }).state).to.equal('warning'); // 80 of 100
    expect(countdown(at(5 * H), now, { warnWithinMinutes: 360 }).state).to.equal('warning');
  });
});
