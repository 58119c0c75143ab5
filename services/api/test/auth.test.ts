import { expect } from 'chai';
import { HttpClient } from '@hotline/testing';
import { apiStack } from './stack';

describe('sign in and sessions', () => {
  it('a demo counsellor signs in and gets an httpOnly session cookie', async () => {
    const stack = await apiStack();
    const c = new HttpClient(stack.baseUrl);
    const r = await c.post('/api/auth/login', { email: 'Counsellor.HN@demo.vn', password: 'demo1234' });
    expect(r.status).to.equal(200);
    expect(r.body.user).to.include({ email: 'counsellor.hn@demo.vn', role: 'counsellor' });
    expect(r.body.user.provinces).to.deep.equal(['01']);
    const cookie = r.headers.getSetCookie().join(';');
    expect(cookie).to.match(/hotline_session=/).and.match(/HttpOnly/i).and.match(/SameSite=Strict/i);
    expect((await c.get('/api/auth/me')).body.user.email).to.equal('counsellor.hn@demo.vn');
  });

  it('a wrong password or unknown email gets 401 and no session', async () => {
    const stack = await apiStack();
    const c = new HttpClient(stack.baseUrl);
    const wrong = await c.post('/api/auth/login', { email: 'counsellor.hn@demo.vn', password: 'nope' });
    expect(wrong.status).to.equal(401);
    expect(wrong.body.error.code).to.equal('invalid_credentials');
    expect((await c.post('/api/auth/login', { email: 'nobody@demo.vn', password: 'demo1234' })).status).to.equal(401);
    expect((await c.get('/api/auth/me')).status).to.equal(401);
  });

  it('without a session every API route answers 401', async () => {
    const stack = await apiStack();
    const c = new HttpClient(stack.baseUrl);
    for (const [method, path] of [['GET', '/api/cases'], ['GET', '/api/queues/summary'], ['POST', '/api/calls'], ['GET', '/api/callers/lookup?phone=0912345678']]) {
      const r = await c.request(method!, path!, method === 'POST' ? {} : undefined);
      expect(r.status, `${method} ${path}`).to.equal(401);
      expect(r.body.error.code).to.equal('unauthenticated');
    }
  });

  it('logout ends the session', async () => {
    const stack = await apiStack();
    const c = await stack.login('manager.hn@demo.vn');
    const cookie = c.cookieHeader;
    expect((await c.post('/api/auth/logout')).status).to.equal(200);
    const replay = await new HttpClient(stack.baseUrl).request('GET', '/api/auth/me', undefined, { cookie });
    expect(replay.status, 'the old cookie no longer works').to.equal(401);
  });

  it('a collaborator may not log calls or list cases (403)', async () => {
    const stack = await apiStack();
    const c = await stack.login('collaborator.hn@demo.vn');
    expect((await c.get('/api/cases')).status).to.equal(403);
    expect((await c.post('/api/calls', { channel: 'phone', outcome: 'silent' })).status).to.equal(403);
  });
});
