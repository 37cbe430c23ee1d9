// Norwegian public holidays and working days (domain §6).
import { DateTime } from 'luxon';
import { formatLocalDate, parseLocalDate, type LocalDate } from './instants';

/**
 * Easter Sunday (Gregorian), computed with the anonymous Gregorian
 * (Meeus/Jones/Butcher) algorithm so no year table needs maintaining — the
 * Easter-based holidays in domain §6 move every year.
 */
export function easterSunday(year: number): LocalDate {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Year must be an integer in 1..9999: ${year}`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatLocalDate(year, month, day);
}

type Holiday = Readonly<{ date: LocalDate; nameNb: string; nameEn: string }>;

// Pure caches keyed by year: results depend only on the year, so memoizing is
// deterministic and safe inside the workflow sandbox.
const holidayCache = new Map<number, readonly Holiday[]>();
const holidaySetCache = new Map<number, ReadonlySet<LocalDate>>();

function holidaysFor(year: number): readonly Holiday[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = DateTime.fromISO(easterSunday(year), { zone: 'utc' });
  const rel = (days: number): LocalDate => {
    const dt = easter.plus({ days });
    return formatLocalDate(dt.year, dt.month, dt.day);
  };
  const fixed = (month: number, day: number): LocalDate => formatLocalDate(year, month, day);
  // The list in domain §6; 24 and 31 December are NOT public holidays.
  const list: Holiday[] = [
    { date: fixed(1, 1), nameNb: 'Første nyttårsdag', nameEn: "New Year's Day" },
    { date: rel(-3), nameNb: 'Skjærtorsdag', nameEn: 'Maundy Thursday' },
    { date: rel(-2), nameNb: 'Langfredag', nameEn: 'Good Friday' },
    { date: rel(0), nameNb: 'Første påskedag', nameEn: 'Easter Sunday' },
    { date: rel(1), nameNb: 'Andre påskedag', nameEn: 'Easter Monday' },
    { date: fixed(5, 1), nameNb: 'Offentlig høytidsdag', nameEn: 'Labour Day' },
    { date: fixed(5, 17), nameNb: 'Grunnlovsdag', nameEn: 'Constitution Day' },
    { date: rel(39), nameNb: 'Kristi himmelfartsdag', nameEn: 'Ascension Day' },
    { date: rel(49), nameNb: 'Første pinsedag', nameEn: 'Whit Sunday' },
    { date: rel(50), nameNb: 'Andre pinsedag', nameEn: 'Whit Monday' },
    { date: fixed(12, 25), nameNb: 'Første juledag', nameEn: 'Christmas Day' },
    { date: fixed(12, 26), nameNb: 'Andre juledag', nameEn: "St Stephen's Day" },
  ];
  // Ascension Day can coincide with 1 or 17 May; keep both entries but sort by date.
  list.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const frozen = Object.freeze(list.map((h) => Object.freeze({ ...h })));
  holidayCache.set(year, frozen);
  holidaySetCache.set(year, new Set(frozen.map((h) => h.date)));
  return frozen;
}

/** Norwegian public holidays in `year` (domain §6), sorted by date. */
export function publicHolidays(year: number): { date: LocalDate; nameNb: string; nameEn: string }[] {
  // Return fresh copies so callers cannot corrupt the memoized list.
  return holidaysFor(year).map((h) => ({ ...h }));
}

export function isPublicHoliday(date: LocalDate): boolean {
  const dt = parseLocalDate(date);
  holidaysFor(dt.year);
  return holidaySetCache.get(dt.year)?.has(date) ?? false;
}

/** Monday–Friday and not a public holiday (domain §6). Saturday is not a working day. */
export function isWorkingDay(date: LocalDate): boolean {
  const dt = parseLocalDate(date);
  return dt.weekday <= 5 && !isPublicHoliday(date);
}
