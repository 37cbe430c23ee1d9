import {
  ZONE,
  add,
  calendarDaysBetween,
  easterSunday,
  formatOslo,
  isInsideWindow,
  isPublicHoliday,
  isWorkingDay,
  localDate,
  parseInstant,
  publicHolidays,
  startOfNextLocalDay,
  subtract,
  windowClosing,
  windowOpening,
} from '../domain/calendar';

// Reminder: Oslo is CET = UTC+1 in winter, CEST = UTC+2 in summer.
// 2026 DST: spring forward Sun 2026-03-29 02:00 CET → 03:00 CEST;
//           fall back    Sun 2026-10-25 03:00 CEST → 02:00 CET.

const W8_15 = { start: '08:00', end: '15:00' };
const W8_14 = { start: '08:00', end: '14:00' };

describe('ZONE', () => {
  it('is Europe/Oslo', () => {
    expect(ZONE).toBe('Europe/Oslo');
  });
});

describe('add', () => {
  it('24 h across spring-forward is elapsed: Sat 12:00 CET + 24h = Sun 13:00 CEST', () => {
    expect(add('2026-03-28T11:00:00.000Z', { hours: 24 })).toBe('2026-03-29T11:00:00.000Z');
  });
  it('+1 day across spring-forward is calendar: Sat 12:00 CET → Sun 12:00 CEST', () => {
    expect(add('2026-03-28T11:00:00.000Z', { days: 1 })).toBe('2026-03-29T10:00:00.000Z');
  });
  it('24 h across fall-back is elapsed: Sat 12:00 CEST + 24h = Sun 11:00 CET', () => {
    expect(add('2026-10-24T10:00:00.000Z', { hours: 24 })).toBe('2026-10-25T10:00:00.000Z');
  });
  it('+1 day across fall-back is calendar: Sat 12:00 CEST → Sun 12:00 CET', () => {
    expect(add('2026-10-24T10:00:00.000Z', { days: 1 })).toBe('2026-10-25T11:00:00.000Z');
  });
  it('minutes are elapsed across the spring-forward gap (01:30 CET + 60 min = 03:30 CEST)', () => {
    expect(add('2026-03-29T00:30:00.000Z', { minutes: 60 })).toBe('2026-03-29T01:30:00.000Z');
  });
  it('31 Jan + 1 month = 28 Feb in 2026 and 29 Feb in leap year 2028', () => {
    expect(add('2026-01-31T11:00:00.000Z', { months: 1 })).toBe('2026-02-28T11:00:00.000Z');
    expect(add('2028-01-31T11:00:00.000Z', { months: 1 })).toBe('2028-02-29T11:00:00.000Z');
  });
  it('31 Aug + 6 months = 28/29 Feb, keeping 12:00 local across the DST change', () => {
    expect(add('2025-08-31T10:00:00.000Z', { months: 6 })).toBe('2026-02-28T11:00:00.000Z');
    expect(add('2027-08-31T10:00:00.000Z', { months: 6 })).toBe('2028-02-29T11:00:00.000Z');
  });
  it('month end is judged on the Oslo date, not the UTC date', () => {
    // 2026-01-31T23:30Z is 1 Feb 00:30 CET in Oslo → 1 Mar 00:30 CET.
    expect(add('2026-01-31T23:30:00.000Z', { months: 1 })).toBe('2026-02-28T23:30:00.000Z');
  });
  it('29 Feb 2028 + 1 year = 28 Feb 2029', () => {
    expect(add('2028-02-29T11:00:00.000Z', { years: 1 })).toBe('2029-02-28T11:00:00.000Z');
  });
  it('applies calendar parts before elapsed parts', () => {
    // Sat 2026-03-28 02:30 CET: +1 day lands in the gap → 03:30 CEST; then +1 h → 04:30 CEST.
    // (Elapsed-first would give 03:30 CET Sat → 03:30 CEST Sun = 01:30Z.)
    expect(add('2026-03-28T01:30:00.000Z', { days: 1, hours: 1 })).toBe('2026-03-29T02:30:00.000Z');
  });
  it('normalises offset input to canonical UTC and handles an empty duration', () => {
    expect(add('2026-03-29T03:00:00+02:00', {})).toBe('2026-03-29T01:00:00.000Z');
  });
  it('rejects invalid input', () => {
    expect(() => add('2026-03-28T12:00:00', { hours: 1 })).toThrow(RangeError);
    expect(() => add('not a date', { hours: 1 })).toThrow(RangeError);
    expect(() => add('2026-03-28T11:00:00.000Z', { days: 1.5 })).toThrow(RangeError);
    expect(() => add('2026-03-28T11:00:00.000Z', { hours: Number.NaN })).toThrow(RangeError);
  });
});

describe('subtract', () => {
  it('24 h lead time before Sun 13:00 CEST is Sat 12:00 CET', () => {
    expect(subtract('2026-03-29T11:00:00.000Z', { hours: 24 })).toBe('2026-03-28T11:00:00.000Z');
  });
  it('1 day before Sun 12:00 CEST is Sat 12:00 CET (calendar)', () => {
    expect(subtract('2026-03-29T10:00:00.000Z', { days: 1 })).toBe('2026-03-28T11:00:00.000Z');
  });
  it('24 h before Sun 2026-10-25 11:00 CET is Sat 12:00 CEST', () => {
    expect(subtract('2026-10-25T10:00:00.000Z', { hours: 24 })).toBe('2026-10-24T10:00:00.000Z');
  });
  it('1 month before 31 March clamps to 28 Feb', () => {
    expect(subtract('2026-03-31T10:00:00.000Z', { months: 1 })).toBe('2026-02-28T11:00:00.000Z');
  });
  it('is the inverse of add for mixed durations without clamping', () => {
    const at = '2026-03-27T14:00:00.000Z';
    const d = { days: 2, hours: 3, minutes: 15 };
    const later = add(at, d);
    expect(later).toBe('2026-03-29T16:15:00.000Z'); // Sun 15:00 CEST + 3h15 = 18:15 CEST
    expect(subtract(later, d)).toBe(at);
  });
});

describe('easterSunday', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2285, '2285-03-22'],
  ])('%i → %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });
  it('is always a Sunday between 22 March and 25 April (1900–2200)', () => {
    for (let y = 1900; y <= 2200; y++) {
      const e = easterSunday(y);
      const weekday = new Date(`${e}T12:00:00Z`).getUTCDay();
      expect([y, weekday]).toEqual([y, 0]);
      const md = e.slice(5);
      expect(md >= '03-22' && md <= '04-25').toBe(true);
    }
  });
  it('rejects non-integer years', () => {
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('publicHolidays', () => {
  it('lists the 12 Norwegian public holidays of 2026 in date order', () => {
    expect(publicHolidays(2026).map((h) => [h.date, h.nameNb])).toEqual([
      ['2026-01-01', 'Første nyttårsdag'],
      ['2026-04-02', 'Skjærtorsdag'],
      ['2026-04-03', 'Langfredag'],
      ['2026-04-05', 'Første påskedag'],
      ['2026-04-06', 'Andre påskedag'],
      ['2026-05-01', 'Offentlig høytidsdag'],
      ['2026-05-14', 'Kristi himmelfartsdag'],
      ['2026-05-17', 'Grunnlovsdag'],
      ['2026-05-24', 'Første pinsedag'],
      ['2026-05-25', 'Andre pinsedag'],
      ['2026-12-25', 'Første juledag'],
      ['2026-12-26', 'Andre juledag'],
    ]);
  });
  it('has English names', () => {
    const byDate = new Map(publicHolidays(2026).map((h) => [h.date, h.nameEn]));
    expect(byDate.get('2026-05-14')).toBe('Ascension Day');
    expect(byDate.get('2026-05-17')).toBe('Constitution Day');
    expect(byDate.get('2026-04-03')).toBe('Good Friday');
  });
  it('moves Easter-based days with the year (2027: Easter 28 March)', () => {
    const dates = publicHolidays(2027).map((h) => h.date);
    expect(dates).toEqual(
      expect.arrayContaining([
        '2027-03-25',
        '2027-03-26',
        '2027-03-28',
        '2027-03-29',
        '2027-05-06',
        '2027-05-16',
        '2027-05-17',
      ]),
    );
    expect(dates).not.toContain('2027-04-02');
  });
  it('returns copies, so mutating the result does not affect later calls', () => {
    const first = publicHolidays(2030);
    first[0]!.date = '1999-01-01';
    first.pop();
    const second = publicHolidays(2030);
    expect(second).toHaveLength(12);
    expect(second[0]!.date).toBe('2030-01-01');
    expect(isPublicHoliday('2030-12-26')).toBe(true);
  });
});

describe('localDate', () => {
  it('uses the Oslo date, not the UTC date', () => {
    expect(localDate('2026-01-05T23:30:00.000Z')).toBe('2026-01-06'); // 00:30 CET
    expect(localDate('2026-06-30T22:00:00.000Z')).toBe('2026-07-01'); // 00:00 CEST
    expect(localDate('2026-06-30T21:59:59.999Z')).toBe('2026-06-30');
  });
});

describe('isPublicHoliday', () => {
  it.each([
    ['2026-05-17', true], // Grunnlovsdag (a Sunday in 2026)
    ['2027-05-17', true], // Grunnlovsdag on a Monday
    ['2026-05-14', true], // Ascension Day
    ['2026-05-24', true], // Whit Sunday
    ['2026-05-25', true], // Whit Monday
    ['2026-04-02', true], // Maundy Thursday
    ['2026-12-24', false], // Christmas Eve is not a public holiday
    ['2026-12-31', false],
    ['2026-05-18', false],
    ['2026-03-28', false], // an ordinary Saturday is not a *holiday*
  ])('%s → %s', (date, expected) => {
    expect(isPublicHoliday(date)).toBe(expected);
  });
  it('rejects malformed dates', () => {
    expect(() => isPublicHoliday('2026-5-17')).toThrow(RangeError);
    expect(() => isPublicHoliday('2026-02-30')).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-27', true], // Friday
    ['2026-03-28', false], // Saturday
    ['2026-03-29', false], // Sunday
    ['2026-04-01', true], // Wednesday before Easter
    ['2026-04-02', false], // Maundy Thursday
    ['2026-04-03', false], // Good Friday
    ['2026-04-06', false], // Easter Monday
    ['2026-04-07', true], // Tuesday after Easter
    ['2026-05-14', false], // Ascension Day (Thursday)
    ['2026-05-15', true],
    ['2026-05-25', false], // Whit Monday
    ['2027-05-17', false], // 17 May on a Monday
    ['2026-12-24', true], // Christmas Eve (Thursday) is a working day
    ['2026-12-25', false],
  ])('%s → %s', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });
});

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

describe('startOfNextLocalDay', () => {
  it('Sat 23:30 CET → Sun 00:00 CET', () => {
    expect(startOfNextLocalDay('2026-03-28T22:30:00.000Z')).toBe('2026-03-28T23:00:00.000Z');
  });
  it('exactly at local midnight → the following midnight (spring-forward day is 23 h)', () => {
    expect(startOfNextLocalDay('2026-03-28T23:00:00.000Z')).toBe('2026-03-29T22:00:00.000Z');
  });
  it('fall-back day is 25 h: Sun 2026-10-25 00:00 CEST → Mon 00:00 CET', () => {
    expect(startOfNextLocalDay('2026-10-24T22:00:00.000Z')).toBe('2026-10-25T23:00:00.000Z');
  });
  it('uses the Oslo day when the UTC date differs', () => {
    // 2026-01-05T23:30Z is Tue 00:30 CET → Wed 00:00 CET.
    expect(startOfNextLocalDay('2026-01-05T23:30:00.000Z')).toBe('2026-01-06T23:00:00.000Z');
  });
});

describe('calendarDaysBetween', () => {
  it('23:00 Monday → 01:00 Tuesday is 1 day', () => {
    expect(calendarDaysBetween('2026-01-05T22:00:00.000Z', '2026-01-06T00:00:00.000Z')).toBe(1);
  });
  it('counts Oslo dates even when the UTC date is the same', () => {
    // 23:30 Mon CET → 00:30 Tue CET, both on UTC date 2026-01-05.
    expect(calendarDaysBetween('2026-01-05T22:30:00.000Z', '2026-01-05T23:30:00.000Z')).toBe(1);
  });
  it('same local day is 0 even 23 h apart', () => {
    expect(calendarDaysBetween('2026-01-05T23:00:00.000Z', '2026-01-06T22:00:00.000Z')).toBe(0);
  });
  it('is negative when to is before from', () => {
    expect(calendarDaysBetween('2026-01-06T00:00:00.000Z', '2026-01-05T22:00:00.000Z')).toBe(-1);
  });
  it('counts DST days as whole days', () => {
    expect(calendarDaysBetween('2026-03-28T11:00:00.000Z', '2026-03-30T10:00:00.000Z')).toBe(2);
    expect(calendarDaysBetween('2026-03-01T11:00:00.000Z', '2026-04-01T10:00:00.000Z')).toBe(31);
    expect(calendarDaysBetween('2026-10-24T22:30:00.000Z', '2026-10-25T22:30:00.000Z')).toBe(0); // 25-hour day
  });
});

describe('formatOslo', () => {
  it('formats winter time in Norwegian and English', () => {
    expect(formatOslo('2026-03-27T14:00:00.000Z', 'nb')).toBe('fredag 27. mars 2026 kl. 15:00 (CET)');
    expect(formatOslo('2026-03-27T14:00:00.000Z', 'en')).toBe('Friday 27 March 2026 15:00 (CET)');
  });
  it('formats summer time with CEST', () => {
    expect(formatOslo('2026-05-17T10:00:00.000Z', 'nb')).toBe('søndag 17. mai 2026 kl. 12:00 (CEST)');
    expect(formatOslo('2026-05-17T10:00:00.000Z', 'en')).toBe('Sunday 17 May 2026 12:00 (CEST)');
  });
  it('distinguishes the repeated hour on the fall-back night', () => {
    expect(formatOslo('2026-10-25T00:30:00.000Z', 'en')).toBe('Sunday 25 October 2026 02:30 (CEST)');
    expect(formatOslo('2026-10-25T01:30:00.000Z', 'en')).toBe('Sunday 25 October 2026 02:30 (CET)');
  });
  it('uses the Oslo date near midnight', () => {
    expect(formatOslo('2026-01-05T23:30:00.000Z', 'nb')).toBe('tirsdag 6. januar 2026 kl. 00:30 (CET)');
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-03-29T01:00:00Z', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29T03:00:00+02:00', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29T03:00+0200', '2026-03-29T01:00:00.000Z'],
    ['2026-03-28T20:00:00.250-05:00', '2026-03-29T01:00:00.250Z'],
    ['20260329T030000+0200', '2026-03-29T01:00:00.000Z'],
    [' 2026-03-29T01:00:00z ', '2026-03-29T01:00:00.000Z'],
  ])('%s → %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });
  it.each([
    ['2026-03-29T01:00:00'], // no offset
    ['2026-03-29'], // date only
    ['2026-02-30T10:00:00Z'], // invalid date
    ['2026-03-29T25:00:00Z'], // invalid time
    ['not a date'],
    [''],
  ])('%j → undefined', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});
