import { expect } from 'chai';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApi } from '@hotline/api';
import { HttpClient, DEMO_PASSWORD } from '@hotline/testing';
import { REDACTED_PATHS } from '@hotline/observability';
import { apiStack, callBody } from './stack';

describe('OpenAPI document', () => {
  it('documents every endpoint with its zod-derived request schema', async () => {
    const stack = await apiStack();
    const doc = (await new HttpClient(stack.baseUrl).get('/api/openapi.json')).body;
    expect(doc.openapi).to.equal('3.1.0');
    for (const p of ['/api/auth/login', '/api/calls', '/api/calls/{id}', '/api/callers/lookup', '/api/cases', '/api/cases/{id}', '/api/cases/{id}/status', '/api/cases/{id}/notes', '/api/queues/summary']) {
      expect(doc.paths, p).to.have.property(p);
    }
    const callSchema = doc.paths['/api/calls'].post.requestBody.content['application/json'].schema;
    expect(callSchema.properties.outcome.enum).to.include.members(['case_opened', 'attached_to_case', 'prank']);
    expect(callSchema.properties.case.properties.category.enum).to.include('child_labour_trafficking');
    expect(doc.paths['/api/cases'].get.parameters.map((x: { name: string }) => x.name)).to.include.members(['status', 'category', 'riskLevel', 'province', 'assigned', 'cursor']);
  });
});

describe('logs', () => {
  it('never carry a phone number, a name or a narrative, even at debug level', async () => {
    const stack = await apiStack();
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(chunk.toString()); cb(); } });
    const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    const api = createApi({ env: stack.env, logger, redis: stack.api.deps.redis, producers: stack.producers });
    await new Promise<void>((resolve) => api.http.listen(0, '127.0.0.1', resolve));
    try {
      const c = new HttpClient(`http://127.0.0.1:${(api.http.address() as AddressInfo).port}`);
      await c.post('/api/auth/login', { email: 'counsellor.hn@demo.vn', password: DEMO_PASSWORD });
      await c.post('/api/calls', callBody({ caller: { phone: '0912 777 888', name: 'Chị Lan' } }));
      await c.get('/api/callers/lookup?phone=0912777888');
      await c.post('/api/calls', callBody({ caller: { phone: 'bad phone 0912777888!' } }));
      const all = lines.join('');
      expect(lines.length, 'requests were logged').to.be.greaterThan(2);
      for (const secret of ['0912777888', '912777888', '0912 777 888', 'Chị Lan', 'Bé A', 'Hàng xóm', DEMO_PASSWORD]) {
        expect(all, secret).not.to.contain(secret);
      }
    } finally {
      await api.close();
    }
  });
});
