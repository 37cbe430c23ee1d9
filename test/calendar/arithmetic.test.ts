// Instants and durations in Oslo time: elapsed and calendar arithmetic across DST, the local date and
// day, formatting and parsing.
//
// Oslo is CET = UTC+1 in winter, CEST = UTC+2 in summer.
// 2026 DST: spring forward Sun 2026-03-29 02:00 CET → 03:00 CEST;
//           fall back    Sun 2026-10-25 03:00 CEST → 02:00 CET.
import {
  add,
  calendarDaysBetween,
  formatOslo,
  formatOsloShort,
  localDate,
  parseInstant,
  startOfNextLocalDay,
  subtract,
  ZONE,
} from '../../domain';
import { DateTime, IANAZone } from 'luxon';

describe('ZONE', () => {
  it('is Europe/Oslo', () => {
    expect(ZONE.name).toBe('Europe/Oslo');
    expect(ZONE.isValid).toBe(true);
  });
  it("remembers Oslo's offset per hour without changing one (DST switches, 1895's end of local mean time)", () => {
    const intl = new IANAZone('Europe/Oslo');
    const check = (ts: number) => expect([ts, ZONE.offset(ts)]).toEqual([ts, intl.offset(ts)]);
    // Every quarter hour from 2025 to 2028 (three springs forward, three falls back), twice: the
    // second pass reads what the first remembered.
    for (const pass of [1, 2])
      for (let ts = Date.parse('2025-01-01T00:00:00Z'); ts < Date.parse('2028-01-01T00:00:00Z'); ts += 900_000)
        check(ts + pass);
    // Around the DST switches to the millisecond: 01:00 UTC both times.
    for (const at of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'])
      for (const delta of [-1, 0, 1]) check(Date.parse(at) + delta);
    // Local mean time ended inside an hour (in the 1890s, by the tz data Node carries): that hour
    // is asked of Intl every time.
    const hour = 3_600_000;
    let mixed = Date.parse('1880-01-01T00:00:00Z');
    while (intl.offset(mixed) === intl.offset(mixed + hour - 1) && mixed < Date.parse('1900-01-01T00:00:00Z'))
      mixed += hour;
    expect(intl.offset(mixed)).not.toBe(intl.offset(mixed + hour - 1));
    for (const pass of [1, 2]) for (let ts = mixed; ts < mixed + hour; ts += 60_000) check(ts + pass);
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

describe('elapsed hours and minutes', () => {
  // add/subtract move a canonical UTC instant by arithmetic (instants.ts `plusElapsed`): the same
  // instant as luxon's own step in Oslo time, for every form it accepts.
  const luxonWay = (at: string, ms: number) =>
    DateTime.fromISO(at, { zone: 'utc' }).setZone(ZONE).plus(ms).toUTC().toISO();
  it.each([
    '2026-03-29T00:30:00.000Z', // the spring-forward hour
    '2026-10-25T00:30:00.000Z', // the fall-back hour
    '2026-10-25T02:59:59.999+02:00', // an offset form, before the switch
    '1895-12-31T23:00:00.000Z', // Oslo's end of local mean time
    '0000-01-01T00:30:00.000Z', // the first four-digit year
    '9999-12-31T23:30:00.000Z', // the last
  ])('%s moves as luxon moves it', (at) => {
    for (const [hours, minutes] of [
      [0, 0],
      [1, 0],
      [24, 0],
      [0, 45],
      [-25, -30],
      [8_760, 1],
    ] as const) {
      const ms = hours * 3_600_000 + minutes * 60_000;
      expect(add(at, { hours, minutes })).toBe(luxonWay(at, ms));
      expect(subtract(at, { hours, minutes })).toBe(luxonWay(at, -ms));
    }
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

describe('localDate', () => {
  it('uses the Oslo date, not the UTC date', () => {
    expect(localDate('2026-01-05T23:30:00.000Z')).toBe('2026-01-06'); // 00:30 CET
    expect(localDate('2026-06-30T22:00:00.000Z')).toBe('2026-07-01'); // 00:00 CEST
    expect(localDate('2026-06-30T21:59:59.999Z')).toBe('2026-06-30');
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

describe('formatOsloShort', () => {
  it('shows the year only when `now` is in another Oslo year, which turns at 23:00 UTC', () => {
    expect(formatOsloShort('2027-01-04T11:00:00.000Z', 'en', '2026-12-31T22:59:59.000Z')).toBe('Mon 4 Jan 2027 12:00');
    expect(formatOsloShort('2027-01-04T11:00:00.000Z', 'en', '2026-12-31T23:00:00.000Z')).toBe('Mon 4 Jan 12:00');
    expect(formatOsloShort('2026-12-31T23:30:00.000Z', 'nb', '2027-01-01T10:00:00.000Z')).toBe('fre. 1. jan kl. 00:30');
    expect(formatOsloShort('2026-12-31T23:30:00.000Z', 'nb')).toBe('fre. 1. jan kl. 00:30');
  });
  it('gives the same text when asked again (remembered), and refuses an instant without an offset', () => {
    const first = formatOsloShort('2026-05-17T10:00:00.000Z', 'en', '2026-05-01T00:00:00.000Z');
    expect(formatOsloShort('2026-05-17T10:00:00.000Z', 'en', '2026-05-01T00:00:00.000Z')).toBe(first);
    expect(() => formatOsloShort('2026-05-17T10:00:00', 'en')).toThrow(/offset required/);
    expect(() => formatOsloShort('2026-05-17T10:00:00.000Z', 'en', '2026-05-17T10:00')).toThrow(/offset required/);
  });
});

describe('formatOslo and formatOsloShort', () => {
  // The formats as luxon writes them: the texts are written by hand from luxon's names (instants.ts).
  const luxonText = (at: string, lang: 'nb' | 'en', form: 'long' | 'short' | 'shortWithYear'): string => {
    const local = DateTime.fromISO(at, { zone: 'utc' })
      .setZone('Europe/Oslo')
      .setLocale(lang === 'nb' ? 'nb' : 'en-GB');
    const zone = local.offset === 60 ? 'CET' : 'CEST';
    const year = form === 'shortWithYear' ? ' yyyy' : '';
    if (form === 'long')
      return lang === 'nb'
        ? `${local.toFormat("cccc d. MMMM yyyy 'kl.' HH:mm")} (${zone})`
        : `${local.toFormat('cccc d MMMM yyyy HH:mm')} (${zone})`;
    return lang === 'nb' ? local.toFormat(`ccc d. LLL${year} 'kl.' HH:mm`) : local.toFormat(`ccc d LLL${year} HH:mm`);
  };

  it("write what luxon's toFormat writes, every weekday, month, hour and both DST switches over two years", () => {
    const from = Date.parse('2026-01-01T00:00:00.000Z');
    // Steps of 7 h 13 min 20 s for two years meet every hour of the day, every weekday and every month.
    const instants = Array.from({ length: 2_400 }, (_, i) => new Date(from + i * 26_000_000).toISOString());
    instants.push('2026-03-29T00:59:00.000Z', '2026-03-29T01:00:00.000Z', '2026-10-25T00:30:00.000Z');
    instants.push('2026-10-25T01:30:00.000Z', '2026-12-31T22:59:00.000Z', '2026-12-31T23:00:00.000Z');
    for (const at of instants)
      for (const lang of ['nb', 'en'] as const) {
        expect(formatOslo(at, lang)).toBe(luxonText(at, lang, 'long'));
        expect(formatOsloShort(at, lang)).toBe(luxonText(at, lang, 'short'));
        expect(formatOsloShort(at, lang, '1999-06-01T00:00:00.000Z')).toBe(luxonText(at, lang, 'shortWithYear'));
      }
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
  it.each([['2026-02-30T10:00:00.000Z'], ['2026-13-01T00:00:00.000Z'], ['2026-03-29T01:60:00.000Z']])(
    '%j, in canonical form but no instant, → undefined',
    (text) => expect(parseInstant(text)).toBeUndefined(),
  );
});

describe('canonical instants and elapsed durations without luxon', () => {
  const DAY = 86_400_000;
  /** Canonical instants from `start` + `offset` over `span`, `step` apart. */
  const steps = (start: string, span: number, step: number, offset = 0): string[] => {
    const from = Date.parse(start) + offset;
    return Array.from({ length: Math.floor(span / step) }, (_, k) => new Date(from + k * step).toISOString());
  };
  // What the functions computed with luxon alone, in Oslo time by Intl's own offsets.
  const oslo = new IANAZone('Europe/Oslo');
  const viaLuxon = (at: string, d: { hours: number; minutes: number }, sign: 1 | -1) => {
    const local = DateTime.fromISO(at, { zone: 'utc' }).setZone(oslo);
    const shifted =
      sign === 1
        ? local.plus({ years: 0, months: 0, days: 0 }).plus(d)
        : local.minus(d).minus({ years: 0, months: 0, days: 0 });
    return shifted.toUTC().toISO();
  };
  it('read, add and subtract hours and minutes as luxon does, across the DST switches of 2025–2028', () => {
    const durations = [
      { hours: 24, minutes: 0 },
      { hours: 1, minutes: 30 },
      { hours: 0, minutes: -45 },
      { hours: 1_000, minutes: 7 },
    ];
    // Every 5 h 13 min 13 ms for three years (every local hour of the day comes round), and every
    // 7 min 13 ms through the three days around each DST switch.
    const switches = ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'];
    const instants = [
      ...steps('2025-01-01T00:00:00.000Z', 3 * 365 * DAY, 313 * 60_000 + 13),
      ...switches.flatMap((date) => steps(`${date}T01:00:00.000Z`, 3 * DAY, 7 * 60_000 + 13, -1.5 * DAY)),
    ];
    // Collected, not expected one by one: thousands of expects would take most of the time.
    const wrong = instants.flatMap((at, k) => {
      const d = durations[k % durations.length]!;
      const got = [parseInstant(at), add(at, d), subtract(at, d)];
      const want = [at, viaLuxon(at, d, 1), viaLuxon(at, d, -1)];
      return got.every((g, i) => g === want[i]) ? [] : [{ at, d, got, want }];
    });
    expect(wrong).toEqual([]);
    expect(instants.length).toBeGreaterThan(6_000);
  });
  it('take the years luxon writes with four digits, and leave the others to luxon', () => {
    for (const at of ['0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '1895-01-01T00:00:00.000Z']) {
      expect(parseInstant(at)).toBe(at);
      expect(add(at, { minutes: 0 })).toBe(at);
    }
    expect(add('9999-12-31T23:00:00.000Z', { hours: 2 })).toBe(
      viaLuxon('9999-12-31T23:00:00.000Z', { hours: 2, minutes: 0 }, 1),
    );
  });
});
