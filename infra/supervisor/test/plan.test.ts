/** What npm start asks the supervisor to run, from WORKERS / API_PROCESSES / PORT / HOST. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { hotlinePlan } from '../src/plan';

describe('npm start plan', () => {
  it('one API process listens on PORT itself, no proxy', () => {
    const plan = hotlinePlan({ env: { PORT: '4000' } });
    expect(plan.specs.map((s) => s.name)).to.deep.equal(['api-1', 'workers-1']);
    expect(plan.specs[0]!.env).to.include({ PORT: '4000', HOST: '127.0.0.1' });
    expect(plan.proxy).to.equal(undefined);
    expect(plan.url).to.equal('http://127.0.0.1:4000');
  });

  it('several API processes: API i on PORT+i on loopback, the proxy on HOST:PORT; WORKERS workers; the fake Twilio', () => {
    const plan = hotlinePlan({ env: { PORT: '4000', HOST: '0.0.0.0', API_PROCESSES: '3', WORKERS: '2' }, fakeTwilio: true });
    expect(plan.specs.map((s) => s.name)).to.deep.equal(['fake-twilio', 'api-1', 'api-2', 'api-3', 'workers-1', 'workers-2']);
    expect(plan.specs.filter((s) => s.name.startsWith('api-')).map((s) => [s.env!.PORT, s.env!.HOST])).to.deep.equal([
      ['4001', '127.0.0.1'],
      ['4002', '127.0.0.1'],
      ['4003', '127.0.0.1'],
    ]);
    expect(plan.proxy).to.deep.include({ host: '0.0.0.0', port: 4000 });
    expect(plan.proxy!.backends.map((b) => `${b.name}@${b.host}:${b.port}`)).to.deep.equal(['api-1@127.0.0.1:4001', 'api-2@127.0.0.1:4002', 'api-3@127.0.0.1:4003']);
    for (const s of plan.specs) expect(s.env!.HOTLINE_SUPERVISOR_PID).to.equal(String(process.pid));
    expect(plan.specs.find((s) => s.name === 'workers-1')!.ready).to.deep.equal({ line: /"msg":"workers ready"/ });
  });

  it('refuses counts it cannot run', () => {
    expect(() => hotlinePlan({ env: { WORKERS: '0' } })).to.throw('WORKERS must be a whole number from 1 to 32');
    expect(() => hotlinePlan({ env: { API_PROCESSES: 'two' } })).to.throw('API_PROCESSES');
  });

  it('takes over the database this run started: its command line from /proc, its port, the pid file on each start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-test-'));
    const args = ['-e', 'setTimeout(() => {}, 30000)', '--', '-listen', '127.0.0.1:27999'];
    const db = spawn(process.execPath, args, { stdio: 'ignore' });
    await new Promise((r) => db.once('spawn', r));
    try {
      const pidFile = path.join(dir, 'ferretdb.pid');
      writeFileSync(pidFile, `${db.pid} abc123\n`);
      const plan = hotlinePlan({ env: {}, database: { pid: db.pid!, pidFile, logFile: path.join(dir, 'log') } });
      const spec = plan.specs[0]!;
      expect(spec).to.deep.include({ name: 'database', command: process.execPath, args, adoptPid: db.pid, output: { file: path.join(dir, 'log') } });
      expect(spec.ready).to.deep.equal({ tcp: { host: '127.0.0.1', port: 27999 } });
      for (const s of plan.specs.slice(1)) expect(s.dependsOn).to.deep.equal(['database']);
      spec.onStart!(4242);
      expect(readFileSync(pidFile, 'utf8')).to.equal('4242 abc123\n');
    } finally {
      db.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
