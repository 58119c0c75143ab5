import { expect } from 'chai';
import { ConsoleSocket, HttpClient, sleep } from '@hotline/testing';
import { apiStack, callBody, freshPhone } from './stack';

describe('realtime console events', () => {
  it('a counsellor’s console hears case.created and call.created from a colleague in the same province, and not from another province', async () => {
    const stack = await apiStack();
    const listener = await stack.login('counsellor.hn@demo.vn');
    const colleague = await stack.login('supervisor.hn@demo.vn');
    const hcm = await stack.login('counsellor.hcm@demo.vn');
    const hnSocket = await ConsoleSocket.connect(stack.baseUrl, listener);
    const hcmSocket = await ConsoleSocket.connect(stack.baseUrl, hcm);
    try {
      const r = await colleague.post('/api/calls', callBody({ caller: { phone: freshPhone() } }));
      const created = await hnSocket.waitFor('case.created', (p) => p.id === r.body.case.id);
      expect(created).to.include({ reference: r.body.case.reference, provinceCode: '01', category: 'child_abuse' });
      expect(JSON.stringify(created), 'no names or narrative on the wire').not.to.match(/Bé A|Hàng xóm|Chị Lan/);
      await hnSocket.waitFor('call.created', (p) => p.id === r.body.call.id);
      const summary = await hnSocket.waitFor('queue.summary', (p) => p.provinces.includes('01'));
      expect(summary.total).to.be.greaterThan(0);

      const other = await hcm.post('/api/calls', callBody({ caller: { phone: freshPhone() } }, { location: { provinceCode: '79' } }));
      expect(other.status).to.equal(201);
      await hcmSocket.waitFor('case.created', (p) => p.id === other.body.case.id);
      await sleep(300);
      expect(hnSocket.received('case.created', (p) => p.id === other.body.case.id), 'HN console must not hear HCM cases').to.have.length(0);
      expect(hcmSocket.received('case.created', (p) => p.id === r.body.case.id), 'HCM console must not hear HN cases').to.have.length(0);
    } finally {
      hnSocket.close();
      hcmSocket.close();
    }
  });

  it('a collaborator’s console hears no province traffic', async () => {
    const stack = await apiStack();
    const collab = await ConsoleSocket.connect(stack.baseUrl, await stack.login('collaborator.hn@demo.vn'));
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const watcher = await ConsoleSocket.connect(stack.baseUrl, counsellor);
    try {
      const r = await counsellor.post('/api/calls', callBody({ caller: { phone: freshPhone() } }));
      await watcher.waitFor('case.created', (p) => p.id === r.body.case.id);
      await sleep(300);
      expect(collab.received('case.created')).to.have.length(0);
      expect(collab.received('call.created')).to.have.length(0);
      const ack = await collab.emitWithAck('case.watch', { caseId: r.body.case.id });
      expect(ack).to.deep.include({ ok: false });
    } finally {
      collab.close();
      watcher.close();
    }
  });

  it('a socket without a session is refused, and a malformed client event is answered with validation_failed', async () => {
    const stack = await apiStack();
    let refused: Error | null = null;
    try {
      await ConsoleSocket.connect(stack.baseUrl, new HttpClient(stack.baseUrl));
    } catch (err) {
      refused = err as Error;
    }
    expect(refused?.message).to.equal('unauthenticated');
    const s = await ConsoleSocket.connect(stack.baseUrl, await stack.login('counsellor.hn@demo.vn'));
    try {
      const ack = await s.emitWithAck('case.watch', { caseId: { $gt: '' } });
      expect(ack.ok).to.equal(false);
      expect(ack.error.code).to.equal('validation_failed');
    } finally {
      s.close();
    }
  });

  it('watching a case delivers its updates; logging out disconnects the console', async () => {
    const stack = await apiStack();
    const c = await stack.login('counsellor.hn@demo.vn');
    const r = await c.post('/api/calls', callBody({ caller: { phone: freshPhone() } }));
    const s = await ConsoleSocket.connect(stack.baseUrl, c);
    expect(await s.emitWithAck('case.watch', { caseId: r.body.case.id })).to.deep.equal({ ok: true });
    await c.post(`/api/cases/${r.body.case.id}/notes`, { text: 'ghi chú' });
    const update = await s.waitFor('case.updated', (p) => p.case.id === r.body.case.id && p.change === 'case.note_added');
    expect(update.case.reference).to.equal(r.body.case.reference);
    const disconnected = new Promise<string>((resolve) => s.socket.once('disconnect', (reason) => resolve(reason)));
    await c.post('/api/auth/logout');
    expect(await disconnected).to.equal('io server disconnect');
  });
});
