import { expect } from 'chai';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pathOnly, REDACTED_PATHS } from '../src/index';

describe('log redaction', () => {
  it('redacts phone numbers, names, narratives and bodies wherever they appear in a log object', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(c, _e, cb) { lines.push(c.toString()); cb(); } });
    const log = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    log.info({ caller: { phone: '+84912345678', name: 'Chị Lan' }, case: { summary: 'bị đánh', subjects: { name: 'Bé A' } }, body: { x: 1 }, phone: '0912345678' }, 'call logged');
    const out = lines.join('');
    for (const secret of ['84912345678', '0912345678', 'Chị Lan', 'bị đánh', 'Bé A']) expect(out).not.to.contain(secret);
    expect(out).to.contain('call logged');
  });

  it('drops query strings from logged URLs (a caller lookup carries the number there)', () => {
    expect(pathOnly('/api/callers/lookup?phone=0912345678')).to.equal('/api/callers/lookup');
  });
});
