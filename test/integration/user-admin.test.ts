import request from 'supertest';
import { startHarness, TEST_PASSWORD, type Harness, type SignedInClient } from '../support/harness';

let h: Harness;
let admin: SignedInClient;
let agent: SignedInClient;
beforeAll(async () => {
  h = await startHarness();
  admin = await h.signIn('admin', 'Users Admin');
  agent = await h.signIn('agent', 'Users Agent');
});
afterAll(async () => {
  await h?.close();
});

const login = (email: string, password: string) => request(h.url).post('/api/auth/login').send({ email, password });
/** Five wrong passwords in a row, as a forgetful user would type them: the account is then locked. */
async function lockOut(user: { email: string }) {
  for (let i = 0; i < 5; i++) expect((await login(user.email, 'not the password').expect(401)).body.error.code).toBe('invalid_credentials');
  expect((await login(user.email, TEST_PASSWORD).expect(429)).body.error.code).toBe('account_locked');
}
const adminList = async () => (await admin.get('/api/users').query({ include: 'disabled' }).expect(200)).body.items as Array<Record<string, unknown>>;

describe('when a user has locked their account with wrong passwords', () => {
  let unlocked: SignedInClient['user'];
  let reset: SignedInClient['user'];
  beforeAll(async () => {
    unlocked = (await h.signIn('agent', 'Locked Unlocked')).user;
    reset = (await h.signIn('agent', 'Locked Reset')).user;
    // Each failure answers slower than the last (about 8 s for five): both at once.
    await Promise.all([lockOut(unlocked), lockOut(reset)]);
  }, 30_000);

  it('the admin sees until when it is locked', async () => {
    const row = (await adminList()).find((u) => u.id === unlocked.id)!;
    expect(row).toMatchObject({ disabled: false, disabledAt: null, lockedUntil: expect.any(String) });
    expect(Date.parse(row.lockedUntil as string)).toBeGreaterThan(h.ctx.now().getTime() + 14 * 60_000);
  });

  it('an admin unlocks it, and the user signs in at once with their password', async () => {
    const res = await admin.patch(`/api/users/${unlocked.id}`, { unlock: true }).expect(200);
    expect(res.body).toMatchObject({ id: unlocked.id, lockedUntil: null });
    expect((await login(unlocked.email, TEST_PASSWORD).expect(200)).body.user.id).toBe(unlocked.id);
    const row = await h.ctx.db.repos.users.findById(unlocked.id);
    expect(row).toMatchObject({ lockedUntil: null, failedLoginCount: 0 });
  });

  it("an admin's password reset unlocks it too: the new password signs in, the old one no longer", async () => {
    await admin.patch(`/api/users/${reset.id}`, { password: 'a freshly reset passphrase' }).expect(200);
    expect((await login(reset.email, 'a freshly reset passphrase').expect(200)).body.user.id).toBe(reset.id);
    expect((await login(reset.email, TEST_PASSWORD).expect(401)).body.error.code).toBe('invalid_credentials');
  });

  it('takes only `unlock: true`, from admins only', async () => {
    expect((await admin.patch(`/api/users/${unlocked.id}`, { unlock: false }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await agent.patch(`/api/users/${unlocked.id}`, { unlock: true })).status).toBe(403);
  });
});

describe('when an admin disables a user', () => {
  let gone: SignedInClient['user'];
  beforeAll(async () => {
    gone = (await h.signIn('agent', 'Disabled Agent')).user;
    await admin.patch(`/api/users/${gone.id}`, { disabled: true }).expect(200);
  });

  it('the admin still sees them, marked disabled, with the date', async () => {
    const row = (await adminList()).find((u) => u.id === gone.id);
    expect(row).toMatchObject({ email: gone.email, disabled: true, disabledAt: expect.any(String), lockedUntil: null });
    expect(Math.abs(Date.parse(row!.disabledAt as string) - h.ctx.now().getTime())).toBeLessThan(60_000);
    expect((await adminList()).find((u) => u.id === admin.user.id)).toMatchObject({ disabled: false, lockedUntil: null });
  });

  it('the colleagues list that assigning uses keeps only active users, for agents and admins alike', async () => {
    for (const client of [agent, admin]) {
      const items = (await client.get('/api/users').expect(200)).body.items as Array<{ id: string }>;
      expect(items.map((u) => u.id)).toEqual(expect.arrayContaining([agent.user.id, admin.user.id]));
      expect(items.map((u) => u.id)).not.toContain(gone.id);
      expect(items[0]).not.toHaveProperty('disabled');
    }
  });

  it('an agent cannot ask for disabled users', async () => {
    expect((await agent.get('/api/users').query({ include: 'disabled' }).expect(403)).body.error.code).toBe('forbidden');
    expect((await admin.get('/api/users').query({ include: 'everything' }).expect(400)).body.error.code).toBe('validation_failed');
  });

  it('enabled again, they are back in the colleagues list', async () => {
    await admin.patch(`/api/users/${gone.id}`, { disabled: false }).expect(200);
    expect(((await agent.get('/api/users').expect(200)).body.items as Array<{ id: string }>).map((u) => u.id)).toContain(gone.id);
  });
});
