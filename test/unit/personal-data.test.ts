import {
  ERASED_NAME,
  ERASED_TEXT,
  eraseEventData,
  erasedEmail,
  erasedTicketFields,
  erasureRequestSchema,
  exportRequestSchema,
  isErasedEmail,
  isRetentionDue,
  retentionCutoff,
  scrubMentions,
  ticketFieldDecisions,
} from '../../domain/personal-data';

const subject = { names: ['Marie Curie'], emails: ['marie.curie@example.fr'] };
const ID = '0b8a4d2e-1c7f-4e4a-9a57-0a0a0a0a0a01';

describe('which ticket fields are erased', () => {
  it('erases who the customer is and what they wrote; keeps the payment record', () => {
    const erased = Object.entries(ticketFieldDecisions).filter(([, d]) => d.decision === 'erase').map(([f]) => f).sort();
    expect(erased).toEqual(['customerEmail', 'customerEmailNormalized', 'customerName', 'description', 'errorMessage']);
    for (const kept of ['orderNumber', 'amountCents', 'cardLast4', 'outcome', 'outcomeDetails']) expect(ticketFieldDecisions[kept as keyof typeof ticketFieldDecisions].decision).toBe('keep');
  });

  it('writes a name for all, and an undeliverable address unique to the ticket', () => {
    const fields = erasedTicketFields(ID);
    expect(fields).toEqual({ customerName: ERASED_NAME, customerEmail: erasedEmail(ID), customerEmailNormalized: erasedEmail(ID), description: null, errorMessage: null });
    expect(fields.customerEmail).toMatch(/\.invalid$/);
    expect(erasedEmail(ID)).not.toBe(erasedEmail('0b8a4d2e-1c7f-4e4a-9a57-0a0a0a0a0a02'));
    expect(isErasedEmail(fields.customerEmail)).toBe(true);
    expect(isErasedEmail('marie.curie@example.fr')).toBe(false);
  });
});

describe('an event without personal data', () => {
  it("replaces a customer's e-mail: sender, subject, words, original, file names", () => {
    const data = { from: 'marie.curie@example.fr', subject: 'Ma commande', text: 'Bonjour', original: 'Bonjour\n> cité', files: [{ id: 'f1', name: 'relevé.png' }], refused: [{ name: 'big.zip', reason: 'too_large' }], fields: ['orderNumber'], missingEvidence: ['proof'] };
    expect(eraseEventData('customer_message', data, subject)).toEqual({
      from: ERASED_TEXT,
      subject: ERASED_TEXT,
      text: ERASED_TEXT,
      original: ERASED_TEXT,
      files: [{ id: 'f1', name: ERASED_TEXT }],
      refused: [{ name: ERASED_TEXT, reason: 'too_large' }],
      fields: ['orderNumber'],
      missingEvidence: ['proof'],
    });
  });

  it('replaces messages, replies and notes, and keeps ids, statuses, amounts and codes', () => {
    expect(eraseEventData('reply', { body: 'Bonjour Marie', authorName: 'Agent One' }, subject)).toEqual({ body: ERASED_TEXT, authorName: 'Agent One' });
    expect(eraseEventData('note', { body: 'Appelé' }, subject)).toEqual({ body: ERASED_TEXT });
    expect(eraseEventData('evidence_added', { fields: ['amount'], message: null, files: [] }, subject)).toEqual({ fields: ['amount'], message: null, files: [] });
    expect(eraseEventData('status_changed', { from: 'new', to: 'triaged' }, subject)).toEqual({ from: 'new', to: 'triaged' });
    expect(eraseEventData('reopened', { reason: 'customer_email', from: 'resolved' }, subject)).toEqual({ reason: 'customer_email', from: 'resolved' });
    expect(eraseEventData('reopened', { reason: 'Marie a rappelé', previousOutcome: 'refunded' }, subject)).toEqual({ reason: ERASED_TEXT, previousOutcome: 'refunded' });
    expect(eraseEventData('resolved', { outcome: 'refunded', details: { refundAmountCents: 5990 }, message: 'Remboursé' }, subject)).toEqual({ outcome: 'refunded', details: { refundAmountCents: 5990 }, message: ERASED_TEXT });
    expect(eraseEventData('mail_bounced', { recipient: 'rfc822; marie.curie@example.fr', status: '5.1.1', diagnostic: 'no such user', reason: 'dsn' }, subject)).toEqual({ recipient: ERASED_TEXT, status: '5.1.1', diagnostic: ERASED_TEXT, reason: 'dsn' });
  });

  it("finds the customer's name or address anywhere else, in any case", () => {
    expect(eraseEventData('some_future_event', { nested: { who: 'MARIE CURIE <Marie.Curie@example.fr>' }, n: 3 }, subject)).toEqual({ nested: { who: `${ERASED_TEXT} <${ERASED_TEXT}>` }, n: 3 });
    expect(scrubMentions('rien à voir', subject)).toBe('rien à voir');
    // A name too short to be told from ordinary words is left to the free-text rules.
    expect(scrubMentions('Al est là', { names: ['Al'], emails: [] })).toBe('Al est là');
  });

  it('is the same when applied twice', () => {
    const once = eraseEventData('customer_message', { from: 'marie.curie@example.fr', text: 'x', files: [{ id: 'a', name: 'b' }] }, subject);
    expect(eraseEventData('customer_message', once, subject)).toEqual(once);
  });
});

describe('which tickets the retention period has reached', () => {
  const now = new Date('2027-03-01T10:00:00Z');
  const days = (n: number) => new Date(now.getTime() - n * 86_400_000);

  it('none when the brand keeps them (null)', () => {
    expect(retentionCutoff(now, null)).toBeNull();
    expect(isRetentionDue({ status: 'closed', updatedAt: days(9000), personalDataErasedAt: null }, null, now)).toBe(false);
  });

  it('finished tickets last changed at least N days ago, once', () => {
    expect(retentionCutoff(now, 30)).toEqual(days(30));
    expect(isRetentionDue({ status: 'closed', updatedAt: days(30), personalDataErasedAt: null }, 30, now)).toBe(true);
    expect(isRetentionDue({ status: 'resolved', updatedAt: days(31), personalDataErasedAt: null }, 30, now)).toBe(true);
    expect(isRetentionDue({ status: 'closed', updatedAt: days(29), personalDataErasedAt: null }, 30, now)).toBe(false);
    expect(isRetentionDue({ status: 'closed', updatedAt: days(400), personalDataErasedAt: days(1) }, 30, now)).toBe(false);
  });

  it('never an open ticket, however old', () => {
    for (const status of ['new', 'triaged', 'awaiting_customer', 'in_progress']) expect(isRetentionDue({ status, updatedAt: days(4000), personalDataErasedAt: null }, 30, now)).toBe(false);
  });
});

describe('request bodies', () => {
  it('take one address, lowercased; nothing else', () => {
    expect(erasureRequestSchema.parse({ email: ' Marie.Curie@Example.FR ' })).toEqual({ email: 'marie.curie@example.fr', dryRun: false });
    expect(exportRequestSchema.parse({ email: 'a@b.fr' })).toEqual({ email: 'a@b.fr', view: 'admin' });
    expect(erasureRequestSchema.safeParse({ email: 'a@b.fr', dryRun: 'yes' }).success).toBe(false);
    expect(exportRequestSchema.safeParse({ email: 'a@b.fr', view: 'all' }).success).toBe(false);
    expect(erasureRequestSchema.safeParse({ email: 'a@b.fr', more: 1 }).success).toBe(false);
  });
});
