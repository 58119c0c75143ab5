import { expect } from 'chai';
import { ConsoleSocket, HttpClient } from '@hotline/testing';
import { apiStack } from './stack';

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe('accounts (admin)', () => {
  it('an admin opens a counsellor account that can sign in at once and sees only its province', async () => {
    const stack = await apiStack();
    const admin = await stack.login('admin@demo.vn');
    const email = `tv.${unique()}@ctxh.vn`;
    const r = await admin.post('/api/users', { email: email.toUpperCase(), name: 'Phạm Thị Dung', role: 'counsellor', provinces: ['79'], password: 'mat-khau-dai-1' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.include({ email, role: 'counsellor', active: true });
    expect(r.body).to.not.have.property('passwordHash');

    const fresh = new HttpClient(stack.baseUrl);
    const login = await fresh.post('/api/auth/login', { email, password: 'mat-khau-dai-1' });
    expect(login.status).to.equal(200);
    expect(login.body.user.provinces).to.deep.equal(['79']);
    const cases = await fresh.get('/api/cases?province=01');
    expect(cases.body.items, 'a province-79 counsellor lists nothing in Hà Nội').to.deep.equal([]);
  });

  it('refuses accounts that do not hold together, naming the field, and writes nothing', async () => {
    const stack = await apiStack();
    const admin = await stack.login('admin@demo.vn');
    const email = `bad.${unique()}@ctxh.vn`;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email, name: 'Lê Văn E', role: 'collaborator', provinces: ['01'], password: 'mat-khau-dai-1' }, 'partnerId'],
      [{ email, name: 'Lê Văn E', role: 'counsellor', provinces: [], password: 'mat-khau-dai-1' }, 'provinces'],
      [{ email, name: 'Lê Văn E', role: 'manager', allProvinces: true, password: 'mat-khau-dai-1' }, 'allProvinces'],
      [{ email, name: 'Lê Văn E', role: 'counsellor', provinces: ['01'], password: 'ngan' }, 'password'],
      [{ email: 'not-an-email', name: 'Lê Văn E', role: 'counsellor', provinces: ['01'], password: 'mat-khau-dai-1' }, 'email'],
      [{ email, name: 'Lê Văn E', role: 'counsellor', provinces: ['99'], password: 'mat-khau-dai-1' }, 'provinces.0'],
      [{ email, name: 'Lê Văn E', role: 'collaborator', partnerId: 'a'.repeat(24), password: 'mat-khau-dai-1' }, 'partnerId'],
      [{ email, name: 'Lê Văn E', role: 'counsellor', provinces: ['01'], password: 'mat-khau-dai-1', isAdmin: true }, 'isAdmin'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post('/api/users', body);
      expect(r.status, `${field}: ${JSON.stringify(r.body)}`).to.equal(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path), JSON.stringify(body)).to.include(field);
    }
    const found = await admin.get(`/api/users?q=${encodeURIComponent(email)}`);
    expect(found.body.items).to.deep.equal([]);
    const dup = await admin.post('/api/users', { email: 'counsellor.hn@demo.vn', name: 'Trùng', role: 'counsellor', provinces: ['01'], password: 'mat-khau-dai-1' });
    expect(dup.status).to.equal(409);
  });

  it('only admins open or change accounts; managers list the staff of their own province only', async () => {
    const stack = await apiStack();
    const manager = await stack.login('manager.hn@demo.vn');
    const counsellor = await stack.login('counsellor.hn@demo.vn');
    const body = { email: `x.${unique()}@ctxh.vn`, name: 'Không được', role: 'admin', allProvinces: true, password: 'mat-khau-dai-1' };
    expect((await manager.post('/api/users', body)).status).to.equal(403);
    expect((await counsellor.get('/api/users')).status).to.equal(403);

    const listed = await manager.get('/api/users?limit=100');
    expect(listed.status).to.equal(200);
    const emails = listed.body.items.map((u: { email: string }) => u.email);
    expect(emails).to.include('counsellor.hn@demo.vn');
    expect(emails).to.not.include('counsellor.hcm@demo.vn');
    const admin = await stack.login('admin@demo.vn');
    const hcm = (await admin.get('/api/users?q=counsellor.hcm')).body.items[0];
    expect(hcm.email).to.equal('counsellor.hcm@demo.vn');
    expect((await manager.get(`/api/users/${hcm.id}`)).status, 'another province\'s account is not found').to.equal(404);
    expect((await manager.patch(`/api/users/${hcm.id}`, { active: false })).status).to.equal(403);
  });

  it('search ignores diacritics', async () => {
    const stack = await apiStack();
    const admin = await stack.login('admin@demo.vn');
    const tag = unique();
    await admin.post('/api/users', { email: `ngoc.${tag}@ctxh.vn`, name: `Đặng Thị Ngọc ${tag}`, role: 'supervisor', provinces: ['01'], password: 'mat-khau-dai-1' });
    const r = await admin.get(`/api/users?q=${encodeURIComponent(`dang thi ngoc ${tag}`)}`);
    expect(r.body.items.map((u: { email: string }) => u.email)).to.deep.equal([`ngoc.${tag}@ctxh.vn`]);
  });

  it('deactivating an account signs it out everywhere: its console is disconnected and its cookie stops working', async () => {
    const stack = await apiStack();
    const admin = await stack.login('admin@demo.vn');
    const email = `off.${unique()}@ctxh.vn`;
    const created = await admin.post('/api/users', { email, name: 'Sắp nghỉ việc', role: 'counsellor', provinces: ['01'], password: 'mat-khau-dai-1' });
    const c = new HttpClient(stack.baseUrl);
    expect((await c.post('/api/auth/login', { email, password: 'mat-khau-dai-1' })).status).to.equal(200);
    const s = await ConsoleSocket.connect(stack.baseUrl, c);
    const disconnected = new Promise<string>((resolve) => s.socket.once('disconnect', (reason) => resolve(reason)));

    const off = await admin.patch(`/api/users/${created.body.id}`, { active: false });
    expect(off.status).to.equal(200);
    expect(off.body.active).to.equal(false);
    expect(await disconnected).to.equal('io server disconnect');
    expect((await c.get('/api/cases')).status).to.equal(401);
    expect((await new HttpClient(stack.baseUrl).post('/api/auth/login', { email, password: 'mat-khau-dai-1' })).status).to.equal(401);

    const self = (await admin.get('/api/auth/me')).body.user;
    const lockout = await admin.patch(`/api/users/${self.id}`, { active: false });
    expect(lockout.status, 'an admin cannot lock themselves out').to.equal(409);
  });

  it('turning a counsellor into a collaborator needs a partner, and then the account sees only that partner\'s referrals', async () => {
    const stack = await apiStack();
    const admin = await stack.login('admin@demo.vn');
    const email = `ctv.${unique()}@ctxh.vn`;
    const created = await admin.post('/api/users', { email, name: 'Chuyển vai trò', role: 'counsellor', provinces: ['01'], password: 'mat-khau-dai-1' });
    const noPartner = await admin.patch(`/api/users/${created.body.id}`, { role: 'collaborator' });
    expect(noPartner.status).to.equal(400);
    expect(noPartner.body.error.issues[0].path).to.equal('partnerId');
    const partner = (await admin.get('/api/partners?province=01&limit=1')).body.items[0];
    const changed = await admin.patch(`/api/users/${created.body.id}`, { role: 'collaborator', partnerId: partner.id, provinces: [] });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    const c = new HttpClient(stack.baseUrl);
    await c.post('/api/auth/login', { email, password: 'mat-khau-dai-1' });
    expect((await c.get('/api/auth/me')).body.user).to.include({ role: 'collaborator', partnerId: partner.id });
    expect((await c.get('/api/cases')).status).to.equal(403);
  });
});
