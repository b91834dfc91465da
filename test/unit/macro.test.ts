import { isMacroVariable, macroExampleFacts, macroVariableCatalogue, macroVariables, renderMacro, unknownVariables, variableValue, variablesIn, type MacroFacts } from '../../domain/macro';
import { macroSeeds, macroSeedsFor } from '../../domain/macro-seeds';
import { brandPresets, omDigitalPreset, sofimixPreset } from '../../domain/brand-presets';
import { macroCreateSchema } from '../../domain/macro.schemas';

const PARIS = 'Europe/Paris';

/** Every fact present: a refunded double charge of Sofimix. */
const facts: Required<MacroFacts> = {
  customerName: 'Marie Curie',
  reference: 'GCH-T0SP-75HE',
  type: 'double_charge',
  amount: { cents: 5990, currency: 'EUR' },
  paymentTime: new Date('2026-11-20T13:32:00Z'),
  // 23:30 UTC on 25 November is already 26 November in Paris.
  dueAt: new Date('2026-11-25T23:30:00Z'),
  orderNumber: 'SFX-10042',
  brandName: 'Sofimix',
  supportEmail: 'commande@sofimix.com',
  refundDays: { min: 10, max: 15 },
  cancellationWindowHours: 48,
  agentName: 'Camille Martin',
  refundedAt: new Date('2026-11-24T23:15:00Z'),
  refundAmount: { cents: 123456, currency: 'EUR' },
  refundArn: '74987654321012345678901',
  holdDropsOffAt: new Date('2026-11-27T08:00:00Z'),
};

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const value = (name: (typeof macroVariables)[number], lang: 'fr' | 'en', f: MacroFacts = facts, tz = PARIS) => {
  const v = variableValue(name, f, lang, tz);
  return v === null ? null : nbsp(v);
};

describe('the variables catalogue', () => {
  it('describes every variable in both languages, with an example', () => {
    for (const name of macroVariables) {
      for (const lang of ['fr', 'en'] as const) {
        expect(macroVariableCatalogue[name][lang].label.length).toBeGreaterThan(3);
        expect(macroVariableCatalogue[name][lang].example.length).toBeGreaterThan(0);
      }
      expect(isMacroVariable(name)).toBe(true);
    }
    expect(isMacroVariable('customer.card_number')).toBe(false);
  });

  it('shows as each example what the example facts render (the managers’ preview before any ticket)', () => {
    for (const name of macroVariables) {
      for (const lang of ['fr', 'en'] as const) expect(value(name, lang, macroExampleFacts)).toBe(nbsp(macroVariableCatalogue[name][lang].example));
    }
  });
});

describe('each variable, in French and in English', () => {
  const expected: Record<(typeof macroVariables)[number], { fr: string; en: string }> = {
    'customer.name': { fr: 'Marie Curie', en: 'Marie Curie' },
    'ticket.reference': { fr: 'GCH-T0SP-75HE', en: 'GCH-T0SP-75HE' },
    'ticket.link': { fr: 'votre page de suivi (lien en bas de ce message)', en: 'your private page (link at the end of this message)' },
    'ticket.type': { fr: 'Débit en double', en: 'Charged twice' },
    'ticket.amount': { fr: '59,90 €', en: '€59.90' },
    'ticket.payment_date': { fr: '20 novembre 2026', en: '20 November 2026' },
    'ticket.due_date': { fr: 'jeudi 26 novembre à 00:30', en: 'Thursday 26 November at 00:30' },
    'order.number': { fr: 'SFX-10042', en: 'SFX-10042' },
    'brand.name': { fr: 'Sofimix', en: 'Sofimix' },
    'brand.support_email': { fr: 'commande@sofimix.com', en: 'commande@sofimix.com' },
    'brand.refund_days': { fr: '10 à 15', en: '10 to 15' },
    'brand.cancellation_window': { fr: '48 heures', en: '48 hours' },
    'agent.name': { fr: 'Camille Martin', en: 'Camille Martin' },
    'payment.refund_date': { fr: '25 novembre 2026', en: '25 November 2026' },
    'payment.refund_amount': { fr: '1 234,56 €', en: '€1,234.56' },
    'payment.refund_arn': { fr: '74987654321012345678901', en: '74987654321012345678901' },
    'payment.hold_release_date': { fr: '27 novembre 2026', en: '27 November 2026' },
  };
  it.each(macroVariables.map((n) => [n]))('%s', (name) => {
    expect(value(name, 'fr')).toBe(expected[name].fr);
    expect(value(name, 'en')).toBe(expected[name].en);
  });

  it('formats dates in the brand’s time zone, not the server’s', () => {
    expect(value('payment.refund_date', 'en', facts, 'America/Los_Angeles')).toBe('24 November 2026');
    expect(value('payment.refund_date', 'en', facts, PARIS)).toBe('25 November 2026');
  });

  it('says one day, one hour and equal bounds plainly', () => {
    expect(value('brand.refund_days', 'fr', { refundDays: { min: 5, max: 5 } })).toBe('5');
    expect(value('brand.cancellation_window', 'fr', { cancellationWindowHours: 1 })).toBe('1 heure');
    expect(value('brand.cancellation_window', 'en', { cancellationWindowHours: 1 })).toBe('1 hour');
    expect(value('brand.cancellation_window', 'en', { cancellationWindowHours: 12 })).toBe('12 hours');
  });

  it('has no value without the fact: null, empty or blank text, no window', () => {
    for (const name of macroVariables) expect(variableValue(name, {}, 'fr', PARIS)).toBeNull();
    expect(variableValue('customer.name', { customerName: '   ' }, 'en', PARIS)).toBeNull();
    expect(variableValue('payment.refund_arn', { refundArn: '' }, 'en', PARIS)).toBeNull();
    // A shop that allows no direct cancellation (seed 004) has no window to name.
    expect(variableValue('brand.cancellation_window', { cancellationWindowHours: 0 }, 'en', PARIS)).toBeNull();
  });
});

describe('rendering a text', () => {
  it('replaces every variable, spaces inside the braces allowed, each as often as used', () => {
    const r = renderMacro('Bonjour {{customer.name}}, dossier {{ ticket.reference }} ({{ticket.reference}}).', facts, 'fr', PARIS);
    expect(r).toEqual({ text: 'Bonjour Marie Curie, dossier GCH-T0SP-75HE (GCH-T0SP-75HE).', missing: [], unknown: [], complete: true });
  });

  it('keeps a variable without a value as written and lists it, once, never rendering it empty', () => {
    const r = renderMacro('ARN : {{payment.refund_arn}} ; date : {{ payment.refund_date }} ; encore {{payment.refund_arn}} ; {{customer.name}}', { customerName: 'Marie' }, 'fr', PARIS);
    expect(r.text).toBe('ARN : {{payment.refund_arn}} ; date : {{payment.refund_date}} ; encore {{payment.refund_arn}} ; Marie');
    expect(r.missing).toEqual(['payment.refund_arn', 'payment.refund_date']);
    expect(r.complete).toBe(false);
  });

  it('names unknown variables and leaves them in the text', () => {
    const r = renderMacro('{{customer.nom}} {{customer.name}} {{ }} {{Ticket.Reference}}', facts, 'en', PARIS);
    expect(r.unknown).toEqual(['customer.nom', '', 'Ticket.Reference']);
    expect(r.text).toBe('{{customer.nom}} Marie Curie {{ }} {{Ticket.Reference}}');
    expect(r.complete).toBe(false);
    expect(unknownVariables('Hello {{customer.name}} {{order.numero}}')).toEqual(['order.numero']);
    expect(variablesIn('{{a}} {{b}} {{a}} { {c} }')).toEqual(['a', 'b']);
  });

  it('never lets a value be read as a placeholder when the text is rendered again', () => {
    const once = renderMacro('Bonjour {{customer.name}}', { customerName: '{{agent.name}}' }, 'fr', PARIS);
    expect(once.text).not.toContain('{{');
    const again = renderMacro(once.text, { agentName: 'Camille' }, 'fr', PARIS);
    expect(again.text).toBe(once.text);
    expect(again.complete).toBe(true);
  });

  it('masks a card number or a security code, whether in the text or in a value', () => {
    const r = renderMacro('Carte 4242 4242 4242 4242, CVV 123, client {{customer.name}}', { customerName: 'Marie 5555555555554444' }, 'fr', PARIS);
    expect(r.text).not.toMatch(/4242 4242 4242 4242|5555555555554444|CVV 123/);
    expect(r.text).toContain('4242');
    expect(r.text).toContain('4444');
    // An order number or an amount is no card number.
    expect(nbsp(renderMacro('{{order.number}} {{ticket.amount}}', facts, 'fr', PARIS).text)).toBe('SFX-10042 59,90 €');
  });
});

describe('the seeded macros', () => {
  it('come in French and English for each situation, every variable known, every one valid', () => {
    const keys = [...new Set(macroSeeds.map((s) => s.key))];
    expect(keys).toEqual(expect.arrayContaining(['hold_released', 'refund_issued', 'statement_line', 'cancellation_too_late']));
    for (const key of keys) expect(macroSeeds.filter((s) => s.key === key).map((s) => s.language).sort()).toEqual(['en', 'fr']);
    for (const seed of macroSeeds) {
      expect(unknownVariables(seed.body)).toEqual([]);
      expect(macroCreateSchema.safeParse({ brand: 'sofimix', language: seed.language, name: seed.name, body: seed.body, status: seed.status, outcome: seed.outcome, assignment: seed.assignment }).success).toBe(true);
    }
  });

  it('render completely for a ticket with the facts of its situation', () => {
    const refund = macroSeeds.find((s) => s.key === 'refund_issued' && s.language === 'fr')!;
    const r = renderMacro(refund.body, facts, 'fr', PARIS);
    expect(r.complete).toBe(true);
    expect(nbsp(r.text)).toContain('1 234,56 € le 25 novembre 2026');
    expect(r.text).toContain('74987654321012345678901');
    const hold = macroSeeds.find((s) => s.key === 'hold_released' && s.language === 'en')!;
    expect(renderMacro(hold.body, { ...facts, holdDropsOffAt: null }, 'en', PARIS).missing).toEqual(['payment.hold_release_date']);
  });
});

describe('the seeds for each preset shop', () => {
  it('render completely for every preset, the cancellation macro naming a window only where the shop has one', () => {
    for (const preset of brandPresets) {
      const shopFacts = { ...facts, brandName: preset.name, supportEmail: preset.policy.supportEmail, refundDays: preset.policy.refundPostingDays, cancellationWindowHours: preset.policy.cancellationWindowHours };
      for (const seed of macroSeedsFor(preset.policy)) {
        const r = renderMacro(seed.body, shopFacts, seed.language, preset.policy.calendar.timeZone);
        expect({ preset: preset.slug, key: seed.key, missing: r.missing, unknown: r.unknown }).toEqual({ preset: preset.slug, key: seed.key, missing: [], unknown: [] });
      }
    }
    const om = macroSeedsFor(omDigitalPreset.policy).find((s) => s.key === 'cancellation_too_late' && s.language === 'fr')!;
    expect(om.body).not.toContain('{{brand.cancellation_window}}');
    expect(om.body).toContain('une fois confirmée');
    const sofimix = macroSeedsFor(sofimixPreset.policy).find((s) => s.key === 'cancellation_too_late' && s.language === 'fr')!;
    expect(nbsp(renderMacro(sofimix.body, facts, 'fr', PARIS).text)).toContain('dans les 48 heures');
  });
});

describe('a macro’s schema', () => {
  const base = { brand: 'sofimix', language: 'fr', name: 'Test', body: 'Bonjour' };
  it('takes a status or an outcome, not both, and fills the defaults', () => {
    expect(macroCreateSchema.parse(base)).toEqual({ ...base, status: null, outcome: null, assignment: null });
    expect(macroCreateSchema.safeParse({ ...base, status: 'awaiting_customer', outcome: 'hold_released' }).success).toBe(false);
    expect(macroCreateSchema.safeParse({ ...base, outcome: 'duplicate_of' }).success).toBe(false);
    expect(macroCreateSchema.safeParse({ ...base, status: 'resolved' }).success).toBe(false);
    expect(macroCreateSchema.safeParse({ ...base, assignment: { to: 'user' } }).success).toBe(false);
    expect(macroCreateSchema.parse({ ...base, assignment: { to: 'me' } }).assignment).toEqual({ to: 'me' });
  });
  it('masks a card number in the stored text', () => {
    expect(macroCreateSchema.parse({ ...base, body: 'carte 4242424242424242' }).body).not.toContain('4242424242424242');
  });
});
