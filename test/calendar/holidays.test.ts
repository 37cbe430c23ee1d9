// Norwegian public holidays (Easter and the days that move with it) and working days.
import { easterSunday, isPublicHoliday, isWorkingDay, publicHolidays } from '../../domain';

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
