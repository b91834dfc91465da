import { alertPreferencesOf, alertRecipients, alertSettingsUpdateSchema, defaultAlertPreferences, type AlertCandidate, type AlertTrigger } from '../../domain/alerts';

const SHOP_A = '00000000-0000-4000-8000-00000000000a';
const SHOP_B = '00000000-0000-4000-8000-00000000000b';

const user = (id: string, changes: Partial<AlertCandidate> = {}): AlertCandidate => ({ id, role: 'agent', disabled: false, preferences: { ...defaultAlertPreferences }, watchedBrandIds: null, ...changes });
const agent = user('agent');
const colleague = user('colleague');
const manager = user('manager', { role: 'manager' });
const admin = user('admin', { role: 'admin' });
const managerOfB = user('manager-b', { role: 'manager', watchedBrandIds: [SHOP_B] });
const everyone = [agent, colleague, manager, admin, managerOfB];

const on = (kind: AlertTrigger['kind'], changes: Partial<AlertTrigger> = {}): AlertTrigger => ({ kind, assigneeId: 'agent', brandId: SHOP_A, actorId: null, ...changes });

describe('who is e-mailed about a ticket', () => {
  describe('when a ticket is assigned', () => {
    it('tells the new assignee', () => {
      expect(alertRecipients(on('assigned', { actorId: 'manager' }), everyone)).toEqual(['agent']);
    });
    it('tells no one when they took it themselves', () => {
      expect(alertRecipients(on('assigned', { actorId: 'agent' }), everyone)).toEqual([]);
    });
    it('tells no managers when it is given to nobody', () => {
      expect(alertRecipients(on('assigned', { assigneeId: null, actorId: 'manager' }), everyone)).toEqual([]);
    });
  });

  describe.each(['customer_reply', 'sla_warning', 'sla_breach'] as const)('on a %s', (kind) => {
    it('tells the assignee only, not the managers', () => {
      expect(alertRecipients(on(kind), everyone)).toEqual(['agent']);
    });
    it('tells the managers and admins watching the shop when nobody holds the ticket', () => {
      expect(alertRecipients(on(kind, { assigneeId: null }), everyone).sort()).toEqual(['admin', 'manager']);
      expect(alertRecipients(on(kind, { assigneeId: null, brandId: SHOP_B }), everyone).sort()).toEqual(['admin', 'manager', 'manager-b']);
    });
    it('tells the managers when the assignee was disabled since', () => {
      expect(alertRecipients(on(kind), [user('agent', { disabled: true }), manager]).sort()).toEqual(['manager']);
    });
    it('leaves out whoever turned the kind off', () => {
      expect(alertRecipients(on(kind), [user('agent', { preferences: { ...defaultAlertPreferences, [kind]: false } }), manager])).toEqual([]);
      expect(alertRecipients(on(kind, { assigneeId: null }), [user('manager', { role: 'manager', preferences: { ...defaultAlertPreferences, [kind]: false } }), admin])).toEqual(['admin']);
    });
    it('never tells an agent about a ticket that is not theirs', () => {
      expect(alertRecipients(on(kind, { assigneeId: null }), [agent, colleague])).toEqual([]);
    });
  });

  it('leaves out disabled managers and a manager who watches no shop', () => {
    const candidates = [user('m1', { role: 'manager', disabled: true }), user('m2', { role: 'manager', watchedBrandIds: [] }), manager];
    expect(alertRecipients(on('sla_breach', { assigneeId: null }), candidates)).toEqual(['manager']);
  });

  it('names each recipient once, even if listed twice', () => {
    expect(alertRecipients(on('sla_warning', { assigneeId: null }), [manager, manager])).toEqual(['manager']);
  });

  it('never tells the user who acted', () => {
    expect(alertRecipients(on('customer_reply', { assigneeId: null, actorId: 'manager' }), [manager, admin])).toEqual(['admin']);
  });
});

describe('stored alert preferences', () => {
  it('are all on when never set, and a kind left out is on', () => {
    expect(alertPreferencesOf(null)).toEqual(defaultAlertPreferences);
    expect(alertPreferencesOf('garbage')).toEqual(defaultAlertPreferences);
    expect(alertPreferencesOf({ sla_warning: false })).toEqual({ ...defaultAlertPreferences, sla_warning: false });
  });
});

describe('the settings a user sends', () => {
  it('takes any part, and refuses unknown keys, kinds and bad ids', () => {
    expect(alertSettingsUpdateSchema.safeParse({}).success).toBe(true);
    expect(alertSettingsUpdateSchema.safeParse({ language: 'en', preferences: { assigned: false }, watchedBrandIds: [SHOP_A] }).success).toBe(true);
    expect(alertSettingsUpdateSchema.safeParse({ watchedBrandIds: null }).success).toBe(true);
    expect(alertSettingsUpdateSchema.safeParse({ role: 'admin' }).success).toBe(false);
    expect(alertSettingsUpdateSchema.safeParse({ preferences: { everything: false } }).success).toBe(false);
    expect(alertSettingsUpdateSchema.safeParse({ preferences: { assigned: 'no' } }).success).toBe(false);
    expect(alertSettingsUpdateSchema.safeParse({ language: 'de' }).success).toBe(false);
    expect(alertSettingsUpdateSchema.safeParse({ watchedBrandIds: ['shop-a'] }).success).toBe(false);
  });
});
