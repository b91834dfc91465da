import { asWritten, hasStems, parseSearch, readReference, isEmptySearch } from '../../domain/search-query';
import { amountsIn, fold, JOIN_MARK, searchDocument, textTokens, wordForms } from '../../domain/search-text';

/** Whether a document's tokens satisfy a parsed search, as both databases evaluate it. */
function matches(tokens: string[], q: string): boolean {
  const set = new Set(tokens);
  const { terms } = parseSearch(q);
  const starts = (prefix: string | undefined) => prefix !== undefined && tokens.some((k) => k.startsWith(prefix));
  return terms.length > 0 && terms.every((t) => t.forms.some((f) => set.has(f)) || starts(t.prefix) || starts(t.joinPrefix));
}

describe('search text: what the index keeps', () => {
  it('folds case, accents and ligatures', () => {
    expect(fold('Débité')).toBe('debite');
    expect(fold('ŒUVRE')).toBe('oeuvre');
    expect(fold('Straße')).toBe('strasse');
    expect(fold('Çà')).toBe('ca');
  });

  it('indexes a word as written and as its French and English stems', () => {
    expect(wordForms('remboursement')).toContain('rembours');
    expect(wordForms('remboursé')).toEqual(expect.arrayContaining(['rembourse', 'rembours']));
    expect(wordForms('charged')).toContain('charg');
    expect(wordForms('charge')).toContain('charg');
    // Digits and short words are kept as they are.
    expect(wordForms('10042')).toEqual(['10042']);
    expect(wordForms('en')).toEqual(['en']);
  });

  it('keeps identifiers by their parts and written together, the joins of an identifier marked apart from words', () => {
    const tokens = textTokens('Commande SFX-10042, réf. GCH-T0SP-75HE, marie.curie@example.fr, pré-autorisation');
    const joins = ['sfx10042', 'gcht0sp75he', 'gcht0sp', 't0sp75he', 'mariecurieexamplefr', 'curieexample', 'examplefr'];
    expect(tokens).toEqual(expect.arrayContaining(['sfx', '10042', `${JOIN_MARK}t0sp`, 'marie', 'curie', 'example', ...joins.map((j) => `${JOIN_MARK}${j}`), 'pre', 'preautorisation']));
    // A word being typed ("mari…") never reads an address's joins; a hyphenated word's join is a word.
    for (const join of [...joins, 't0sp']) expect(tokens).not.toContain(join);
  });

  it('marks a part mixing letters and digits as an identifier, its runs of letters kept as words', () => {
    const tokens = textTokens('hugo.dubois12@orange.fr');
    expect(tokens).toEqual(expect.arrayContaining([`${JOIN_MARK}dubois12`, 'dubois', 'hugo', 'orange']));
    // The name `dubois` being typed reads the word, not the thousand addresses "dubois0"…"dubois999".
    expect(tokens.filter((t) => t.startsWith('dubois'))).toEqual(['dubois']);
    // Typed with its digits, it is asked among the marked tokens, and found.
    const typed = parseSearch('dubois1');
    expect(tokens.some((t) => typed.terms[0].joinPrefix && t.startsWith(typed.terms[0].joinPrefix))).toBe(true);
    expect(parseSearch('dubois12 ').terms[0].forms).toContain(`${JOIN_MARK}dubois12`);
  });

  it('leaves stop words out', () => {
    const tokens = textTokens('Je ne suis pas remboursé de la commande and the refund');
    expect(tokens).not.toEqual(expect.arrayContaining(['je']));
    for (const stop of ['ne', 'pas', 'de', 'la', 'and', 'the']) expect(tokens).not.toContain(stop);
    expect(tokens).toContain('refund');
  });

  it('reads amounts in the ways people write them', () => {
    expect(amountsIn('59,90')).toEqual([5990]);
    expect(amountsIn('59.90')).toEqual([5990]);
    expect(amountsIn('59,9 €')).toEqual([5990]);
    expect(amountsIn('59 €')).toEqual([5900]);
    expect(amountsIn('€12')).toEqual([1200]);
    expect(amountsIn('12 EUR et 3 euros')).toEqual([1200, 300]);
    expect(amountsIn('1 234,50 €')).toEqual([123450]);
    expect(amountsIn('1\u202f234,50\u00a0€')).toEqual([123450]);
  });

  it('does not take dates, order numbers, times or bare numbers for amounts', () => {
    expect(amountsIn('le 20.11.2026 à 14:32')).toEqual([]);
    expect(amountsIn('commande SFX-10042, 3 articles, en 2026')).toEqual([]);
    expect(amountsIn('v1.2.3')).toEqual([]);
    expect(amountsIn('')).toEqual([]);
  });

  it('indexes the amounts a text states', () => {
    expect(textTokens('Deux débits de 59,90 €')).toContain('amt5990');
  });

  it('keeps only the last four digits that redaction left of a card', () => {
    const tokens = textTokens('ma carte •••• •••• •••• 4242');
    expect(tokens).toContain('4242');
    expect(tokens.some((t) => t.length >= 13 && /^\d+$/.test(t))).toBe(false);
  });

  it('builds a ticket document from its fields and its messages', () => {
    const doc = searchDocument(
      { reference: 'GCH-T0SP-75HE', customerName: 'Marie Curie', customerEmail: 'marie@example.fr', orderNumber: 'SFX-10042', amountCents: 5990, secondDebitAmountCents: null, description: 'Deux débits', errorMessage: null },
      [{ field: 'reply', text: 'Votre remboursement est parti' }],
    );
    expect(doc.fields.split(' ')).toEqual(expect.arrayContaining(['marie', 'curie', `${JOIN_MARK}sfx10042`, 'amt5990', 'debit', `${JOIN_MARK}gcht0sp75he`]));
    expect(doc.messages.split(' ')).toEqual(expect.arrayContaining(['rembours', 'parti']));
    expect(doc.fields.split(' ')).not.toContain('rembours');
  });

  it('marks every token of the reference: its parts of letters are not words a short prefix reads', () => {
    const doc = searchDocument(
      { reference: 'GCH-PEQX-7A2B', customerName: 'Marie Curie', customerEmail: 'marie@example.fr', orderNumber: null, amountCents: null, secondDebitAmountCents: null, description: null, errorMessage: null },
      [],
    );
    const tokens = doc.fields.split(' ');
    expect(tokens).toEqual(expect.arrayContaining([`${JOIN_MARK}gch`, `${JOIN_MARK}peqx`, `${JOIN_MARK}7a2b`, `${JOIN_MARK}gchpeqx7a2b`, `${JOIN_MARK}peqx7a2b`]));
    expect(tokens.filter((t) => !t.startsWith(JOIN_MARK))).toEqual(expect.not.arrayContaining(['gch', 'peqx']));
    // Typed as it is written (a dash, a digit), a part is asked among the marked tokens.
    for (const typed of ['peqx-7a', 'PEQX-7A2B ', '7a2b ']) {
      const term = parseSearch(typed).terms[0];
      expect(term.forms.some((f) => tokens.includes(f)) || tokens.some((t) => !!term.joinPrefix && t.startsWith(term.joinPrefix))).toBe(true);
    }
  });
});

describe('parseSearch: what the agent typed', () => {
  it('reads a reference however it is typed', () => {
    for (const typed of ['GCH-T0SP-75HE', 'gch-t0sp-75he', 'gcht0sp75he', 'GCH T0SP 75HE', 't0sp75he', 'T0SP-75HE', 'GCH-TOSP-75HE', ' gch-t0sp-75he ']) {
      expect(parseSearch(typed).reference).toBe('GCH-T0SP-75HE');
    }
    expect(readReference('GCH-1L1I-0O00')).toBe('GCH-1111-0000');
    expect(readReference('GCH-T0SP-75H')).toBeNull(); // too short
    expect(readReference('GCH-T0SP-75HU')).toBeNull(); // U is not Crockford
    expect(readReference('remboursement')).toBeNull();
  });

  it('reads a whole e-mail address, in lower case', () => {
    expect(parseSearch('Marie.Curie@Example.FR').email).toBe('marie.curie@example.fr');
    expect(parseSearch('marie@').email).toBeNull();
    expect(parseSearch('marie curie@example.fr').email).toBeNull();
  });

  it('reads an order number as typed and in capitals', () => {
    expect(parseSearch('sfx-10042').orders).toEqual(['sfx-10042', 'SFX-10042']);
    expect(parseSearch('10042').orders).toEqual(['10042']);
    expect(parseSearch('remboursement').orders).toEqual([]);
    expect(parseSearch('SFX-10042 Marie').orders).toEqual([]);
  });

  it('reads amounts in cents and does not ask for their digits as words', () => {
    for (const typed of ['59,90', '59.90', '59,90 €', '59,90€', '€59.90', '59,9']) {
      const q = parseSearch(typed);
      expect(q.amounts).toEqual([5990]);
      expect(q.terms).toEqual([{ forms: ['amt5990'] }]);
    }
    const q = parseSearch('Dupont 59,90');
    expect(q.amounts).toEqual([5990]);
    expect(q.terms).toEqual([{ forms: wordForms('Dupont') }, { forms: ['amt5990'] }]);
  });

  it('asks a whole number as itself or as that many euros', () => {
    expect(parseSearch('59').terms).toEqual([{ forms: ['59', '0x59', 'amt5900'] }]);
  });

  it('takes the last word as a prefix while it is being typed', () => {
    const q = parseSearch('remboursement Kla');
    expect(q.words).toEqual(['remboursement']);
    expect(q.prefix).toBe('kla');
    expect(q.terms.at(-1)).toEqual({ forms: ['kla'], prefix: 'kla' });
    // A space after it: the word is whole.
    expect(parseSearch('remboursement Kla ').prefix).toBeNull();
    // One letter is too short to be asked as a prefix.
    expect(parseSearch('remboursement K').prefix).toBeNull();
    // Digits are not prefixes (an amount or an order number is typed whole).
    expect(parseSearch('10042').prefix).toBeNull();
  });

  it('asks an identifier whole, as the index joins its parts, the last one a prefix while typed', () => {
    expect(parseSearch('SFX-10042 ').terms).toEqual([{ forms: ['sfx10042', '0xsfx10042'] }]);
    expect(parseSearch('sfx-100').terms).toEqual([{ forms: ['sfx100', '0xsfx100'], prefix: 'sfx100', joinPrefix: '0xsfx100' }]);
    expect(parseSearch('marie@exa').terms).toEqual([{ forms: ['marieexa', '0xmarieexa'], prefix: 'marieexa', joinPrefix: '0xmarieexa' }]);
    expect(parseSearch('example.fr ').terms).toEqual([{ forms: ['examplefr', '0xexamplefr'] }]);
  });

  it('folds accents, so "remboursé" and "rembourse" ask the same', () => {
    expect(parseSearch('remboursé ').terms).toEqual(parseSearch('REMBOURSÉ ').terms);
    expect(parseSearch('remboursé ').terms[0].forms).toEqual(expect.arrayContaining(['rembourse', 'rembours']));
  });

  it('tells a word as written from its stems, whose matches rank after (the name "Mercier" is not the word "merci")', () => {
    const [camille, mercier] = parseSearch('Camille Mercier ').terms;
    expect(mercier).toEqual({ forms: ['mercier', 'merci'], stems: ['merci'] });
    expect(asWritten(mercier)).toEqual({ forms: ['mercier'] });
    expect(asWritten(camille).forms).toEqual(['camille']);
    expect(hasStems([camille, mercier])).toBe(true);
    // A word that is its own stem, an identifier, an amount: nothing but as written.
    expect(parseSearch('paypal SFX-10042 59,90 ').terms.map((t) => t.stems)).toEqual([undefined, undefined, undefined]);
    expect(hasStems(parseSearch('PayPal ').terms)).toBe(false);
    // The word being typed keeps its prefix as written.
    expect(asWritten(parseSearch('Camille Merc').terms[1])).toEqual({ forms: ['merc'], prefix: 'merc' });
  });

  it('drops stop words, unless there is nothing else', () => {
    expect(parseSearch('le remboursement de la commande ').words).toEqual(['remboursement', 'commande']);
    expect(parseSearch('la ').words).toEqual(['la']);
  });

  it('keeps a stop word still being typed, as the start of the next word ("Jean Ma" on its way to "Jean Martin")', () => {
    expect(parseSearch('Jean Ma').terms).toEqual([{ forms: wordForms('jean') }, { forms: wordForms('ma'), prefix: 'ma' }]);
    expect(parseSearch('Jean Ma ').terms).toEqual([{ forms: wordForms('jean') }]);
  });

  it('never looks for a card number, not even its last digits', () => {
    const q = parseSearch('4242 4242 4242 4242');
    expect(q.terms).toEqual([]);
    expect(isEmptySearch(q)).toBe(true);
    const mixed = parseSearch('carte 4111-1111-1111-1111 ');
    expect(mixed.terms).toEqual([{ forms: wordForms('carte'), stems: ['cart'] }]);
    expect(JSON.stringify(mixed)).not.toMatch(/1111/);
    // Four digits are not a card number.
    expect(parseSearch('4242').terms).toEqual([{ forms: ['4242', '0x4242', 'amt424200'] }]);
  });

  it('finds nothing to look for in punctuation', () => {
    expect(isEmptySearch(parseSearch('  -- ! '))).toBe(true);
    expect(isEmptySearch(parseSearch('x'))).toBe(false);
  });

  it('matches what people mean, through the same tokens the index keeps', () => {
    const doc = textTokens('Bonjour, on m\'a débité deux fois 59,90 € pour la commande SFX-10042. Je demande un remboursement. Marie Curie, marie.curie@example.fr');
    expect(matches(doc, 'remboursé ')).toBe(true);
    expect(matches(doc, 'rembou')).toBe(true);
    expect(matches(doc, 'débit ')).toBe(true);
    expect(matches(doc, 'debite ')).toBe(true);
    expect(matches(doc, 'sfx10042')).toBe(true);
    expect(matches(doc, 'SFX-10042')).toBe(true);
    expect(matches(doc, '59.90')).toBe(true);
    expect(matches(doc, 'marie.curie@example.fr')).toBe(true);
    expect(matches(doc, 'curie@exa')).toBe(true);
    expect(matches(doc, 'example.fr')).toBe(true);
    expect(matches(doc, 'example.com')).toBe(false);
    expect(matches(doc, 'marie@exa')).toBe(false); // not how her address is written
    expect(matches(doc, 'Marie Cur')).toBe(true);
    expect(matches(doc, '49,90')).toBe(false);
    expect(matches(doc, 'Klarna')).toBe(false);
    expect(matches(doc, 'remboursement Klarna')).toBe(false);
    const english = textTokens('I was charged twice, please refund me');
    expect(matches(english, 'charge ')).toBe(true);
    expect(matches(english, 'charges ')).toBe(true);
    expect(matches(english, 'refunded ')).toBe(true);
  });
});
