// A profile's daily notice window on working days: inside or not, when it next opens, when it closes.
//
// Oslo is CET = UTC+1 in winter, CEST = UTC+2 in summer.
// 2026 DST: spring forward Sun 2026-03-29 02:00 CET → 03:00 CEST;
//           fall back    Sun 2026-10-25 03:00 CEST → 02:00 CET.
// Easter 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April;
// Ascension Day 14 May, Whit Monday 25 May.
import { isInsideWindow, windowClosing, windowOpening } from '../../domain';

const W8_15 = { start: '08:00', end: '15:00' };
const W8_14 = { start: '08:00', end: '14:00' };

describe('isInsideWindow', () => {
  it('start is inclusive, end is exclusive (Friday 2026-03-27, 08–15 CET)', () => {
    expect(isInsideWindow('2026-03-27T06:59:59.999Z', W8_15)).toBe(false); // 07:59:59.999
    expect(isInsideWindow('2026-03-27T07:00:00.000Z', W8_15)).toBe(true); // 08:00
    expect(isInsideWindow('2026-03-27T13:59:00.000Z', W8_15)).toBe(true); // 14:59
    expect(isInsideWindow('2026-03-27T13:59:59.999Z', W8_15)).toBe(true); // 14:59:59.999
    expect(isInsideWindow('2026-03-27T14:00:00.000Z', W8_15)).toBe(false); // 15:00
  });
  it('is false all day on weekends and holidays', () => {
    expect(isInsideWindow('2026-03-28T10:00:00.000Z', W8_15)).toBe(false); // Sat 11:00
    expect(isInsideWindow('2026-05-14T08:00:00.000Z', W8_15)).toBe(false); // Ascension 10:00 CEST
  });
  it('uses Oslo local time in summer (CEST)', () => {
    expect(isInsideWindow('2026-06-03T06:00:00.000Z', W8_15)).toBe(true); // 08:00 CEST
    expect(isInsideWindow('2026-06-03T12:59:00.000Z', W8_15)).toBe(true); // 14:59 CEST
    expect(isInsideWindow('2026-06-03T13:00:00.000Z', W8_15)).toBe(false); // 15:00 CEST
  });
  it('rejects malformed windows', () => {
    expect(() => isInsideWindow('2026-03-27T10:00:00.000Z', { start: '15:00', end: '08:00' })).toThrow(RangeError);
    expect(() => isInsideWindow('2026-03-27T10:00:00.000Z', { start: '8:00', end: '15:00' })).toThrow(RangeError);
    expect(() => isInsideWindow('2026-03-27T10:00:00.000Z', { start: '08:00', end: '15:60' })).toThrow(RangeError);
  });
});

describe('windowOpening', () => {
  it('returns a notice just inside the window unchanged (Fri 14:59 CET)', () => {
    expect(windowOpening('2026-03-27T13:59:00.000Z', W8_15)).toBe('2026-03-27T13:59:00.000Z');
  });
  it('returns a notice exactly at window start unchanged (08:00)', () => {
    expect(windowOpening('2026-03-27T07:00:00.000Z', W8_15)).toBe('2026-03-27T07:00:00.000Z');
  });
  it('Fri 15:00 CET (end, exclusive) → Mon 08:00 CEST after the DST weekend', () => {
    expect(windowOpening('2026-03-27T14:00:00.000Z', W8_15)).toBe('2026-03-30T06:00:00.000Z');
  });
  it('Fri 15:01 CET → Mon 08:00 CEST', () => {
    expect(windowOpening('2026-03-27T14:01:00.000Z', W8_15)).toBe('2026-03-30T06:00:00.000Z');
  });
  it('a notice before 08:00 on a working day → 08:00 the same day', () => {
    expect(windowOpening('2026-03-31T05:00:00.000Z', W8_15)).toBe('2026-03-31T06:00:00.000Z'); // Tue 07:00 CEST
    expect(windowOpening('2026-01-05T23:30:00.000Z', W8_15)).toBe('2026-01-06T07:00:00.000Z'); // Tue 00:30 CET
  });
  it('weekend notices → Monday 08:00', () => {
    expect(windowOpening('2026-03-28T09:00:00.000Z', W8_15)).toBe('2026-03-30T06:00:00.000Z'); // Sat 10:00 CET
    expect(windowOpening('2026-03-29T21:59:00.000Z', W8_15)).toBe('2026-03-30T06:00:00.000Z'); // Sun 23:59 CEST
    expect(windowOpening('2026-10-25T01:30:00.000Z', W8_15)).toBe('2026-10-26T07:00:00.000Z'); // Sun 02:30 CET (2nd)
  });
  it('Wed before Easter, 08–14 window: 13:59 inside, 14:00 and 15:30 → Tue 2026-04-07 08:00 CEST', () => {
    expect(windowOpening('2026-04-01T11:59:00.000Z', W8_14)).toBe('2026-04-01T11:59:00.000Z');
    expect(windowOpening('2026-04-01T12:00:00.000Z', W8_14)).toBe('2026-04-07T06:00:00.000Z');
    expect(windowOpening('2026-04-01T13:30:00.000Z', W8_14)).toBe('2026-04-07T06:00:00.000Z');
    expect(windowOpening('2026-04-01T13:30:00.000Z', W8_15)).toBe('2026-04-07T06:00:00.000Z');
  });
  it('a notice on Good Friday → Tuesday after Easter Monday', () => {
    expect(windowOpening('2026-04-03T08:00:00.000Z', W8_15)).toBe('2026-04-07T06:00:00.000Z');
  });
  it('24 Dec is a working day; after its window → Mon 28 Dec (25th Fri holiday, weekend)', () => {
    expect(windowOpening('2026-12-24T09:00:00.000Z', W8_15)).toBe('2026-12-24T09:00:00.000Z'); // Thu 10:00 CET
    expect(windowOpening('2026-12-24T14:30:00.000Z', W8_15)).toBe('2026-12-28T07:00:00.000Z'); // Thu 15:30 CET
  });
  it('Wed before Ascension Day → Friday; 17 May on a Monday → Tuesday', () => {
    expect(windowOpening('2026-05-13T14:00:00.000Z', W8_15)).toBe('2026-05-15T06:00:00.000Z'); // Wed 16:00 CEST
    expect(windowOpening('2027-05-14T13:00:00.000Z', W8_15)).toBe('2027-05-18T06:00:00.000Z'); // Fri 15:00 CEST
  });
  it('Friday 2026-05-15 after the window → Monday 18 May (17 May is a Sunday)', () => {
    expect(windowOpening('2026-05-15T13:00:00.000Z', W8_15)).toBe('2026-05-18T06:00:00.000Z');
  });
});

describe('windowClosing', () => {
  it('inside the window → end of the same day', () => {
    expect(windowClosing('2026-03-27T09:00:00.000Z', W8_15)).toBe('2026-03-27T14:00:00.000Z'); // Fri 15:00 CET
  });
  it('after Friday window → end of Monday window (CEST)', () => {
    expect(windowClosing('2026-03-27T14:30:00.000Z', W8_15)).toBe('2026-03-30T13:00:00.000Z'); // Mon 15:00 CEST
  });
  it('Wed before Easter, 08–14 → Tue 2026-04-07 14:00 CEST', () => {
    expect(windowClosing('2026-04-01T12:00:00.000Z', W8_14)).toBe('2026-04-07T12:00:00.000Z');
  });
  it("supports an end of '24:00' (local midnight)", () => {
    expect(windowClosing('2026-03-27T09:00:00.000Z', { start: '00:00', end: '24:00' })).toBe(
      '2026-03-27T23:00:00.000Z',
    );
  });
});
