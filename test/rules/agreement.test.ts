// AGR-REVIEW (domain.md §4.7, §9.4): the agreement itself, reviewed «2.hvert år» (000 §4): rolling,
// two years after the last review. Instants are worked out in Oslo time (see test/helpers/engine.ts).
import { Course, dueInstants, firedFor, runUntil } from '../helpers/engine';

describe('AGR-REVIEW', () => {
  it('two years after the agreement, heads-up 60 days before, to both units; never held: open, no next', () => {
    const c = Course.start('agreement-review', 'ahus', '2026-09-01T10:00:00.000Z'); // Tue 1 Sep 12:00 CEST
    const { fired, state } = runUntil(c.s, '2032-09-02T00:00:00.000Z');
    expect(dueInstants(fired, 'AGR-REVIEW')).toEqual(['2028-09-01T10:00:00.000Z']);
    expect(firedFor(fired, 'AGR-REVIEW', 'headsUp').map((f) => [f.r.role, f.at])).toEqual([
      ['hospitalCoordinatingUnit', '2028-07-03T10:00:00.000Z'],
      ['caseOffice', '2028-07-03T10:00:00.000Z'],
    ]);
    expect(state.obligations.map((o) => o.key)).toEqual(['AGR-REVIEW#1']);
  });

  it('closed by the review meeting; the next is due two years after it; no other rules on this kind', () => {
    const c = Course.start('agreement-review', 'ahus', '2026-09-01T10:00:00.000Z');
    expect(c.s.obligations.map((o) => o.rule)).toEqual(['AGR-REVIEW']);
    c.at('2028-06-01T10:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'agreementReview' }); // Thu 1 June 12:00 CEST
    expect(c.closed('AGR-REVIEW').map((x) => [x.key, x.outcome])).toEqual([['AGR-REVIEW#1', 'done']]);
    expect(c.open('AGR-REVIEW').map((o) => [o.key, o.dueAt])).toEqual([['AGR-REVIEW#2', '2030-06-01T10:00:00.000Z']]);
    const { fired } = runUntil(c.s, '2030-06-02T00:00:00.000Z');
    expect(dueInstants(fired, 'AGR-REVIEW')).toEqual(['2030-06-01T10:00:00.000Z']);
  });
});
