import { customerNameFrom, FALLBACK_TYPE, guessAnomalyType, guessLanguage, orderNumberIn, replyDisposition } from '../../domain/email-tickets';
import { ticketStatuses } from '../../domain/ticket-status';
import { isValidReplyToken, plusAddress, referenceOfReplyToken, replyTokenFor } from '../../core/access-token';

describe('where a customer’s e-mail goes by the ticket’s status', () => {
  it.each([
    ['new', 'append'],
    ['triaged', 'append'],
    ['in_progress', 'append'],
    ['awaiting_customer', 'back_to_work'],
    ['resolved', 'reopen'],
  ] as const)('%s: %s, whatever the shop chose for closed tickets', (status, disposition) => {
    expect(replyDisposition(status, 'reopen')).toBe(disposition);
    expect(replyDisposition(status, 'new_ticket')).toBe(disposition);
  });
  it('closed: as the shop chose', () => {
    expect(replyDisposition('closed', 'reopen')).toBe('reopen');
    expect(replyDisposition('closed', 'new_ticket')).toBe('follow_up');
  });
  it('has an answer for every status', () => {
    for (const s of ticketStatuses) expect(['append', 'back_to_work', 'reopen', 'follow_up']).toContain(replyDisposition(s, 'new_ticket'));
  });
});

describe('the type of a ticket opened from an e-mail', () => {
  it.each([
    ['Débit en double', 'Bonjour, j’ai été prélevé deux fois pour la même commande.', 'double_charge'],
    ['Re: paiement', 'You charged me twice for order 1234, and I want a refund.', 'double_charge'],
    ['Problème', 'Mon compte a été débité mais je n’ai reçu aucune confirmation de commande.', 'debit_without_order'],
    ['Money taken', 'I was debited but got no order confirmation.', 'debit_without_order'],
    ['Remboursement', 'J’attends toujours mon remboursement depuis trois semaines.', 'refund_not_received'],
    ['Annulation', 'Je souhaite annuler ma commande passée hier.', 'cancellation_request'],
    ['Paiement', 'Mon paiement a été refusé trois fois, pourquoi ?', 'failed_payment'],
    ['Card', 'My card was declined at checkout.', 'failed_payment'],
  ] as const)('%s / %s → %s', (subject, text, type) => {
    expect(guessAnomalyType(subject, text)).toEqual({ type, guessed: 'words' });
  });
  it('says it was a default when the words tell nothing', () => {
    expect(guessAnomalyType('Bonjour', 'Pouvez-vous me rappeler ?')).toEqual({ type: FALLBACK_TYPE, guessed: 'default' });
  });
  it('a double debit that asks for a refund is still a double debit', () => {
    expect(guessAnomalyType('Remboursement', 'Débité deux fois, remboursez-moi le second débit.').type).toBe('double_charge');
  });
});

describe('the language of a customer who wrote', () => {
  it('French or English by a clear majority of telling words', () => {
    expect(guessLanguage('Bonjour, je n’ai pas reçu mon remboursement pour la commande. Merci', 'en')).toBe('fr');
    expect(guessLanguage('Hello, I have not received my refund for the order. Thanks', 'fr')).toBe('en');
  });
  it('the shop’s language when it cannot tell', () => {
    expect(guessLanguage('OK', 'fr')).toBe('fr');
    expect(guessLanguage('OK', 'en')).toBe('en');
    expect(guessLanguage('', 'en')).toBe('en');
  });
});

describe('an order number the customer spells out', () => {
  it.each([
    ['Ma commande n° 778812 est arrivée', '778812'],
    ['commande numéro : SFX-10042', 'SFX-10042'],
    ['my order #A-2291 was charged', 'A-2291'],
    ['Order number: 55512', '55512'],
    ['Commande No. 12345', '12345'],
  ])('%s → %s', (text, number) => expect(orderNumberIn(text)).toBe(number));
  it.each(['Je n’ai pas de commande', 'La commande numéro est introuvable', 'le 20/11/2026 à 14:32', 'commande # ABC'])('none in “%s”', (text) => {
    expect(orderNumberIn(text)).toBeNull();
  });
});

it('names the customer from the From header, else the address', () => {
  expect(customerNameFrom({ address: 'jeanne@example.fr', name: 'Jeanne Martin' })).toBe('Jeanne Martin');
  expect(customerNameFrom({ address: 'jeanne@example.fr', name: '' })).toBe('jeanne');
  expect(Array.from(customerNameFrom({ address: 'x@example.fr', name: '😀'.repeat(200) }))).toHaveLength(120);
});

describe('a ticket’s own reply address', () => {
  const secret = 'test secret of thirty-two characters!';
  const ticket = { id: '7c1d6b4e-2a7e-4a4e-9a53-0d4c5f1e2b3a', reference: 'GCH-K3F9-AB7C' };
  it('reads back to its reference, and only its ticket’s MAC is valid', () => {
    const token = replyTokenFor(secret, ticket);
    expect(token).toMatch(/^k3f9ab7c-[0-9a-f]{10}$/);
    expect(referenceOfReplyToken(token)).toBe('GCH-K3F9-AB7C');
    expect(referenceOfReplyToken(token.toUpperCase())).toBe('GCH-K3F9-AB7C');
    expect(isValidReplyToken(secret, ticket.id, token)).toBe(true);
    expect(isValidReplyToken(secret, ticket.id, token.toUpperCase())).toBe(true);
    expect(isValidReplyToken(secret, '00000000-0000-4000-8000-000000000000', token)).toBe(false);
    expect(isValidReplyToken('another secret', ticket.id, token)).toBe(false);
    expect(isValidReplyToken(secret, ticket.id, 'k3f9ab7c-0000000000')).toBe(false);
    expect(referenceOfReplyToken('not-a-token')).toBeNull();
  });
  it('puts the token after the local part, replacing any there', () => {
    expect(plusAddress('commande@sofimix.com', 'k3f9ab7c-0123456789')).toBe('commande+k3f9ab7c-0123456789@sofimix.com');
    expect(plusAddress('commande+old@sofimix.com', 'tok')).toBe('commande+tok@sofimix.com');
  });
});
