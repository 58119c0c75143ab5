import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTwilioClient, FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '../src/index';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('fake-twilio main (the process the embedded setup runs)', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('listens on 127.0.0.1:$FAKE_TWILIO_PORT, logs one line, and serves the SDK with the embedded credentials', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/fake-twilio/main.ts'], {
      cwd: packageDir,
      env: { ...process.env, FAKE_TWILIO_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const deadline = Date.now() + 15_000;
    while (!output.includes('\n') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const match = /^fake-twilio listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(output);
    expect(match, `log line: ${output}`).to.not.equal(null);
    const client = createTwilioClient({ accountSid: FAKE_ACCOUNT_SID, authToken: FAKE_AUTH_TOKEN, fakeBaseUrl: match![1]! });
    const message = await client.messages.create({ to: '+84912345678', from: '+15005550006', body: 'Xin chào' });
    expect(message.status).to.equal('queued');
    await new Promise((r) => setTimeout(r, 100));
    expect(output.trim().split('\n'), 'exactly one log line, no numbers or bodies').to.have.length(1);
    expect(output).not.to.include('912345678').and.not.to.include('Xin chào');
  });

  it('refuses an unreadable port with a readable message', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/fake-twilio/main.ts'], {
      cwd: packageDir,
      env: { ...process.env, FAKE_TWILIO_PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const [code] = await once(child, 'exit');
    expect(code).to.equal(1);
    expect(errors).to.include('FAKE_TWILIO_PORT');
  });
});
