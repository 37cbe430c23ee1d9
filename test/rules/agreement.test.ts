// AGR-REVIEW (domain.md §4.7): the agreement itself, reviewed every two years.
import { Course, dueInstants, firedFor, runUntil } from '../helpers/engine';

describe('AGR-REVIEW', () => {
  it('every two years from the agreement, heads-up 60 days before, to both coordinating units', () => {
    const c = Course.start('agreement-review', 'ahus', '2026-09-01T10:00:00.000Z');
    const { fired } = runUntil(c.s, '2032-09-02T00:00:00.000Z');
    expect(dueInstants(fired, 'AGR-REVIEW')).toEqual([
      '2028-09-01T10:00:00.000Z',
      '2030-09-01T10:00:00.000Z',
      '2032-09-01T10:00:00.000Z',
    ]);
    expect(
      firedFor(fired, 'AGR-REVIEW', 'headsUp')
        .slice(0, 2)
        .map((f) => [f.r.role, f.at]),
    ).toEqual([
      ['hospitalCoordinatingUnit', '2028-07-03T10:00:00.000Z'],
      ['caseOffice', '2028-07-03T10:00:00.000Z'],
    ]);
  });

  it('closed by the review meeting; no other rules on this kind', () => {
    const c = Course.start('agreement-review', 'ahus', '2026-09-01T10:00:00.000Z');
    expect(c.s.obligations.map((o) => o.rule)).toEqual(['AGR-REVIEW']);
    c.at('2028-06-01T10:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'agreementReview' });
    expect(c.closed('AGR-REVIEW').map((x) => [x.key, x.outcome])).toEqual([['AGR-REVIEW#1', 'done']]);
  });
});
