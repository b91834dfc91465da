import { addRatings, addScores, csatFigures, emptyCsat, mergeCsat, ratingLink, ratingRefusal, resolverOf, scoreFromQuery } from '../../domain/satisfaction';
import { ratingSchema } from '../../domain/satisfaction.schemas';

const ticket = (patch: Partial<Parameters<typeof ratingRefusal>[0]> = {}) => ({ status: 'resolved', mergedIntoId: null, source: 'customer', personalDataErasedAt: null, ...patch });

describe('who may rate', () => {
  it('a resolved or closed ticket, its current resolution', () => {
    expect(ratingRefusal(ticket(), 12)).toBeNull();
    expect(ratingRefusal(ticket({ status: 'closed' }), 12)).toBeNull();
  });
  it.each(['new', 'triaged', 'awaiting_customer', 'in_progress'])('not a %s ticket', (status) => {
    expect(ratingRefusal(ticket({ status }), 12)).toBe('not_resolved');
  });
  it('not without a resolution, not a merged ticket, not a chargeback nor an erased one', () => {
    expect(ratingRefusal(ticket(), null)).toBe('not_resolved');
    expect(ratingRefusal(ticket({ mergedIntoId: 'x' }), 12)).toBe('merged');
    expect(ratingRefusal(ticket({ source: 'chargeback' }), 12)).toBe('no_customer');
    expect(ratingRefusal(ticket({ personalDataErasedAt: new Date() }), 12)).toBe('no_customer');
  });
  it('counts the agent who resolved', () => {
    expect(resolverOf('agent:0b6f')).toBe('0b6f');
    expect(resolverOf('system')).toBeNull();
  });
});

describe('the e-mail’s score links', () => {
  const status = 'https://support.example.test/t/GCH-AB12-CD34#token=abc_-';
  it('put the score in the query, before the token’s fragment', () => {
    expect(ratingLink(status, 4)).toBe('https://support.example.test/t/GCH-AB12-CD34?rate=4#token=abc_-');
    expect(ratingLink('https://x.test/t/R?lang=en', 2)).toBe('https://x.test/t/R?lang=en&rate=2');
  });
  it('read back only 1 to 5', () => {
    expect(scoreFromQuery('?rate=4')).toBe(4);
    for (const q of ['', '?rate=0', '?rate=6', '?rate=4.5', '?rate=x', '?rate=44']) expect(scoreFromQuery(q)).toBeNull();
  });
});

describe('the rating body', () => {
  it('takes a whole score of 1 to 5 and an optional comment', () => {
    expect(ratingSchema.parse({ score: 5 })).toEqual({ score: 5, via: 'status_page' });
    expect(ratingSchema.parse({ score: 1, comment: '  merci  ', via: 'email' })).toEqual({ score: 1, comment: 'merci', via: 'email' });
    for (const bad of [{ score: 0 }, { score: 6 }, { score: 2.5 }, { score: '3' }, {}, { score: 3, comment: '' }, { score: 3, comment: 'x'.repeat(1001) }, { score: 3, via: 'sms' }, { score: 3, other: 1 }]) {
      expect(ratingSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('CSAT figures', () => {
  it('share of 4 and 5, average, counts and response rate', () => {
    const t = emptyCsat();
    addRatings(t, [5]);
    addRatings(t, [4]);
    addRatings(t, [2, 5]); // one ticket rated after two resolutions
    addRatings(t, [1]);
    expect(csatFigures(t, 8)).toEqual({ ratings: 5, csat: 0.6, averageScore: 3.4, scores: { '1': 1, '2': 1, '3': 0, '4': 1, '5': 2 }, resolved: 8, ratedTickets: 4, responseRate: 0.5 });
  });
  it('nothing to divide by: null, never NaN', () => {
    expect(csatFigures(emptyCsat(), 0)).toMatchObject({ ratings: 0, csat: null, averageScore: null, responseRate: null });
    expect(csatFigures(emptyCsat(), 3)).toMatchObject({ csat: null, responseRate: 0 });
  });
  it('never a response rate over 100 % (a rated ticket resolved in another period)', () => {
    expect(csatFigures(addRatings(emptyCsat(), [5]), 0).responseRate).toBeNull();
    const t = addRatings(addRatings(emptyCsat(), [5]), [4]);
    expect(csatFigures(t, 1).responseRate).toBe(1);
  });
  it('tallies merge into the same figures as one tally', () => {
    const a = addRatings(addRatings(emptyCsat(), [5]), [3]);
    const b = addRatings(emptyCsat(), [4, 1]);
    const whole = addRatings(addRatings(addRatings(emptyCsat(), [5]), [3]), [4, 1]);
    expect(mergeCsat(a, b)).toEqual(whole);
  });
  it('counts the database’s per-score counts as the same tally', () => {
    const counted = addScores(addScores(addScores(emptyCsat(), 5, 2), 3, 1), 1, 1);
    counted.ratedTickets = 3;
    expect(counted).toEqual(addRatings(addRatings(addRatings(emptyCsat(), [5, 5]), [3]), [1]));
    expect(addScores(emptyCsat(), 6, 3).scores).toEqual([0, 0, 0, 0, 0]);
    expect(addScores(emptyCsat(), 2, 0).scores).toEqual([0, 0, 0, 0, 0]);
  });
  it('ignores a score out of range', () => {
    expect(addRatings(emptyCsat(), [0, 6]).scores).toEqual([0, 0, 0, 0, 0]);
  });
});
