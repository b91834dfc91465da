import { disputeEvidenceSummary, type EvidenceInput } from '../../domain/dispute-evidence';

const input: EvidenceInput = {
  reference: 'GCH-AB12-CD34',
  type: 'double_charge',
  customerName: 'Marie Curie',
  customerEmail: 'marie.curie@example.fr',
  orderNumber: 'SFX-10042',
  reportedAt: new Date('2026-11-20T14:00:00Z'),
  description: 'Deux débits pour la même commande.',
  timeZone: 'Europe/Paris',
  disputeDueBy: new Date('2026-12-02T22:59:59Z'),
  timeline: [
    { type: 'created', at: new Date('2026-11-20T14:00:00Z'), data: { type: 'double_charge' } },
    { type: 'email_sent', at: new Date('2026-11-20T14:00:05Z'), data: { subject: 'x' } },
    { type: 'reply', at: new Date('2026-11-21T09:30:00Z'), data: { body: 'Le second débit vous est remboursé.' } },
  ],
  transactions: [
    { id: 'ch_1', kind: 'charge', status: 'succeeded', amountCents: 5990, currency: 'EUR', at: '2026-11-20T13:32:10Z', chargeId: null, arn: null },
    { id: 'ch_2', kind: 'charge', status: 'succeeded', amountCents: 5990, currency: 'EUR', at: '2026-11-20T13:33:05Z', chargeId: null, arn: null },
    { id: 're_2', kind: 'refund', status: 'succeeded', amountCents: 5990, currency: 'EUR', at: '2026-11-21T09:29:00Z', chargeId: 'ch_2', arn: '74567890123456789012345' },
    { id: 'dp_1', kind: 'dispute', status: 'needs_response', amountCents: 5990, currency: 'EUR', at: '2026-11-25T08:00:00Z', chargeId: 'ch_1', arn: null },
  ],
};

describe('the evidence summary of a chargeback', () => {
  it("says the deadline, who the customer is, that they told the shop first, the charges and the refunded duplicate with its ARN, and the conversation", () => {
    const en = disputeEvidenceSummary(input, 'en');
    expect(en.split('\n')).toEqual([
      'Dispute evidence — request GCH-AB12-CD34',
      expect.stringMatching(/^Evidence due by .*2 December 2026.*23:59/),
      'Customer: Marie Curie <marie.curie@example.fr>, order SFX-10042.',
      expect.stringMatching(/^The customer reported the problem to us on .*20 November 2026.*15:00.*, before any dispute with their bank\.$/),
      '',
      'Transactions:',
      expect.stringMatching(/^- Payment ch_1 of €59\.90 on .* \(succeeded\)\.$/),
      expect.stringMatching(/^- Payment ch_2 of €59\.90 on /),
      expect.stringMatching(/^- Refund re_2 of €59\.90 on .* for payment ch_2 \(ARN 74567890123456789012345\)\.$/),
      '',
      'Conversation with the customer:',
      expect.stringMatching(/^- .*, the customer: "Deux débits pour la même commande\."$/),
      expect.stringMatching(/^- .*, the shop: "Le second débit vous est remboursé\."$/),
    ]);
    const fr = disputeEvidenceSummary(input, 'fr');
    expect(fr).toMatch(/Remboursement re_2 de 59,90\s€ le 21 novembre 2026 à 10:29 UTC\+1 sur le paiement ch_2/);
    expect(fr).toContain('la boutique : « Le second débit vous est remboursé. »');
  });
});
