import { parseSearch } from '../../domain/search-query';
import { bestMatch, holdsEveryTerm, snippetOf, hitsIn } from '../../domain/search-snippet';

const texts = [
  { field: 'reference' as const, text: 'GCH-T0SP-75HE' },
  { field: 'email' as const, text: 'marie.curie@example.fr' },
  { field: 'name' as const, text: 'Marie Curie' },
  { field: 'order' as const, text: 'SFX-10042' },
  { field: 'amount' as const, text: '59,90 €' },
  { field: 'description' as const, text: 'Deux débits de 59,90 € pour la même commande, je demande le remboursement.' },
  { field: 'reply' as const, text: 'Nous avons lancé le «remboursement» hier.' },
];

describe('why a ticket matched', () => {
  it('names the exact identifier, marked whole', () => {
    expect(bestMatch(parseSearch('gch-t0sp-75he'), { reference: 'GCH-T0SP-75HE', email: 'marie.curie@example.fr', order: 'SFX-10042' }, texts)).toEqual({ field: 'reference', snippet: '«GCH-T0SP-75HE»' });
    expect(bestMatch(parseSearch('Marie.Curie@example.fr'), { reference: 'GCH-T0SP-75HE', email: 'marie.curie@example.fr', order: 'SFX-10042' }, texts)).toEqual({ field: 'email', snippet: '«marie.curie@example.fr»' });
    expect(bestMatch(parseSearch('sfx-10042'), { reference: 'GCH-T0SP-75HE', email: 'marie.curie@example.fr', order: 'SFX-10042' }, texts)).toEqual({ field: 'order', snippet: '«SFX-10042»' });
  });

  it('picks the text holding the most words, and marks each where it is written', () => {
    expect(bestMatch(parseSearch('remboursé commande '), null, texts)).toEqual({ field: 'description', snippet: 'Deux débits de 59,90 € pour la même «commande», je demande le «remboursement».' });
    expect(bestMatch(parseSearch('59.90'), null, texts)).toEqual({ field: 'amount', snippet: '«59,90» €' });
    expect(bestMatch(parseSearch('Cur'), null, texts)).toEqual({ field: 'email', snippet: '«marie.curie@example.fr»' });
    expect(bestMatch(parseSearch('10042 '), null, texts)).toEqual({ field: 'order', snippet: '«SFX-10042»' });
    expect(bestMatch(parseSearch('klarna'), null, texts)).toBeNull();
  });

  it('tells when a ticket’s own fields hold every term, so that its timeline need not be read', () => {
    const own = texts.slice(0, 6);
    expect(holdsEveryTerm(parseSearch('Marie Cur'), own)).toBe(true);
    expect(holdsEveryTerm(parseSearch('remboursé commande '), own)).toBe(true);
    expect(holdsEveryTerm(parseSearch('Marie remboursement '), own)).toBe(false); // in two fields, not in one
    expect(holdsEveryTerm(parseSearch('lancé '), own)).toBe(false);
    // The first text holding every term is the match, whatever follows it.
    expect(bestMatch(parseSearch('Marie Cur'), null, texts)).toEqual({ field: 'email', snippet: '«marie.curie@example.fr»' });
  });

  it('writes the text’s own guillemets as quotes, so that every mark is ours', () => {
    const match = bestMatch(parseSearch('lancé '), null, texts);
    expect(match).toEqual({ field: 'reply', snippet: 'Nous avons «lancé» le “remboursement” hier.' });
  });

  it('cuts a long text around the first word found, at word boundaries', () => {
    const long = `${'Bonjour madame, '.repeat(20)}le remboursement est parti. ${'Cordialement, '.repeat(20)}`;
    const snippet = snippetOf(long, hitsIn(long, parseSearch('remboursement ').terms));
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('«remboursement»');
    expect(snippet.length).toBeLessThanOrEqual(165);
    expect(snippet).not.toMatch(/^…\S*[a-z]\S* madame/); // no word cut in half at the start
  });
});
