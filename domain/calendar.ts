/**
 * Calendar rules for Forløpsvakt (domain §6).
 *
 * Pure functions only: no I/O, no clock, no Node built-ins. This module is
 * imported by Temporal workflow code, which runs in a deterministic sandbox,
 * so every "now" must be passed in by the caller (e.g. workflow time).
 *
 * Conventions:
 * - `Instant` is an ISO-8601 string with an explicit offset; every value this
 *   module returns is canonical UTC as produced by
 *   `DateTime.toUTC().toISO()`, e.g. '2026-03-29T01:00:00.000Z'.
 * - `LocalDate` is a 'YYYY-MM-DD' calendar date in Europe/Oslo.
 * - Zones and locales are always passed to luxon explicitly, so results never
 *   depend on luxon's global Settings or the machine's zone/locale.
 */
import { DateTime } from 'luxon';

/** Every calendar rule is evaluated in Norwegian local time (domain §6). */
export const ZONE = 'Europe/Oslo';

/** ISO-8601 instant with offset; outputs are always canonical UTC ('…Z'). */
export type Instant = string;

/** Local calendar date in Europe/Oslo, 'YYYY-MM-DD'. */
export type LocalDate = string;

/**
 * A duration as written in the rules (domain §6):
 * - `minutes`/`hours` are ELAPSED time: "24 h" is 24 elapsed hours, even when
 *   a DST change makes the local clock show 23:00 or 01:00 later.
 * - `days`/`months`/`years` are CALENDAR periods in Oslo: "+1 day" keeps the
 *   local wall-clock time, and "one month after 31 January" is the last day
 *   of February (luxon clamps to the end of the shorter month).
 */
export interface DurationSpec {
  minutes?: number;
  hours?: number;
  days?: number;
  months?: number;
  years?: number;
}

/** Local daily window, 'HH:mm' Oslo wall-clock times; start inclusive, end exclusive. */
export interface DailyWindow {
  start: string;
  end: string;
}

// ---------------------------------------------------------------------------
// Internal helpers
// ---------------------------------------------------------------------------

/** A time designator followed by 'Z' or a numeric offset (±HH, ±HHmm, ±HH:mm). */
const HAS_OFFSET = /T[^]*?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^(\d{2}):(\d{2})$/;
const MINUTES_PER_DAY = 24 * 60;

/**
 * Parse an instant strictly. An instant without an offset would be ambiguous
 * (whose local time?), so it is rejected rather than guessed.
 */
function parseStrict(text: string): DateTime | undefined {
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  if (!HAS_OFFSET.test(trimmed)) return undefined;
  const dt = DateTime.fromISO(trimmed, { zone: 'utc' });
  return dt.isValid ? dt : undefined;
}

function toOslo(at: Instant): DateTime {
  const dt = parseStrict(at);
  if (!dt) throw new RangeError(`Invalid instant (ISO-8601 with offset required): ${String(at)}`);
  return dt.setZone(ZONE);
}

function toInstant(dt: DateTime): Instant {
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new RangeError(`Instant out of range: ${dt.invalidExplanation ?? 'unknown'}`);
  return iso;
}

function parseLocalDate(date: LocalDate): DateTime {
  const dt = LOCAL_DATE.test(date) ? DateTime.fromISO(date, { zone: ZONE }) : undefined;
  if (!dt || !dt.isValid) throw new RangeError(`Invalid local date (YYYY-MM-DD required): ${String(date)}`);
  return dt;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/**
 * 'HH:mm' → minutes after local midnight. '24:00' is accepted (end only) so a
 * window can run to the end of the day.
 */
function parseClock(text: string, allowEndOfDay: boolean): number {
  const m = HH_MM.exec(text);
  const h = m ? Number(m[1]) : NaN;
  const min = m ? Number(m[2]) : NaN;
  const minutes = h * 60 + min;
  const ok = m !== null && min < 60 && (h < 24 || (allowEndOfDay && minutes === MINUTES_PER_DAY));
  if (!ok) throw new RangeError(`Invalid local time (HH:mm required): ${String(text)}`);
  return minutes;
}

function parseWindow(w: DailyWindow): { start: number; end: number } {
  const start = parseClock(w.start, false);
  const end = parseClock(w.end, true);
  if (start >= end) throw new RangeError(`Window start must be before end: ${w.start}–${w.end}`);
  return { start, end };
}

/**
 * The instant at local wall-clock `minutes` on the Oslo date of `day`.
 * Built from wall-clock fields (not startOf('day') + elapsed minutes) so a DST
 * change earlier that day does not shift the result by an hour. A wall time in
 * the spring-forward gap is moved forward by luxon.
 */
function atLocalMinutes(day: DateTime, minutes: number): DateTime {
  if (minutes >= MINUTES_PER_DAY) return day.startOf('day').plus({ days: 1 });
  return DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone: ZONE },
  );
}

function requireFinite(d: DurationSpec): void {
  for (const [key, value] of Object.entries(d)) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`Duration ${key} must be a finite number: ${String(value)}`);
    }
    // Fractional calendar units have no agreed meaning ("half a month"?).
    if ((key === 'days' || key === 'months' || key === 'years') && !Number.isInteger(value)) {
      throw new RangeError(`Calendar duration ${key} must be an integer: ${value}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Durations (domain §6: "24 h" elapsed, months calendar)
// ---------------------------------------------------------------------------

// `advance` and `nextWakeUp` recompute every open obligation's heads-up and
// escalation instants at each wake-up, and each luxon step in Oslo costs an Intl
// offset lookup: remembering results keeps a wake-up cheap however many
// obligations are open (13x on the engine tests). The results depend only on the
// arguments, so, like the holiday cache, this is deterministic in the workflow
// sandbox. Errors are not remembered; the size is bounded.
const shiftCache = new Map<string, Instant>();
function remembered(op: '+' | '-', at: Instant, d: DurationSpec, compute: () => Instant): Instant {
  requireFinite(d); // before the look-up: { hours: '1' } must not hit the entry of { hours: 1 }
  const key = `${op}${at}|${d.years}|${d.months}|${d.days}|${d.hours}|${d.minutes}`;
  const hit = shiftCache.get(key);
  if (hit !== undefined) return hit;
  const result = compute();
  if (shiftCache.size >= 20_000) shiftCache.clear();
  shiftCache.set(key, result);
  return result;
}

/**
 * `at` + `d`. Calendar parts (years, months, days) are applied first in Oslo
 * local time, then elapsed parts (hours, minutes) — domain §6.
 */
export function add(at: Instant, d: DurationSpec): Instant {
  return remembered('+', at, d, () => addUncached(at, d));
}
function addUncached(at: Instant, d: DurationSpec): Instant {
  requireFinite(d);
  const calendar = toOslo(at).plus({ years: d.years ?? 0, months: d.months ?? 0, days: d.days ?? 0 });
  // Luxon treats hours/minutes as exact milliseconds, i.e. elapsed time.
  return toInstant(calendar.plus({ hours: d.hours ?? 0, minutes: d.minutes ?? 0 }));
}

/**
 * `at` − `d` (e.g. a heads-up lead time before a deadline). Mirrors `add` in
 * reverse order: elapsed parts first, then calendar parts in Oslo local time,
 * so subtract(add(x, d), d) === x whenever no month-end clamping occurred.
 */
export function subtract(at: Instant, d: DurationSpec): Instant {
  return remembered('-', at, d, () => subtractUncached(at, d));
}
function subtractUncached(at: Instant, d: DurationSpec): Instant {
  requireFinite(d);
  const elapsed = toOslo(at).minus({ hours: d.hours ?? 0, minutes: d.minutes ?? 0 });
  return toInstant(elapsed.minus({ years: d.years ?? 0, months: d.months ?? 0, days: d.days ?? 0 }));
}

// ---------------------------------------------------------------------------
// Public holidays (domain §6)
// ---------------------------------------------------------------------------

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

/** Oslo local calendar date of an instant. */
export function localDate(at: Instant): LocalDate {
  const dt = toOslo(at);
  return formatLocalDate(dt.year, dt.month, dt.day);
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

// ---------------------------------------------------------------------------
// Daily windows (domain §6: "inside the window")
// ---------------------------------------------------------------------------

/**
 * Domain §6: a notice is inside the window when sent on a working day at an
 * Oslo local time t with start <= t < end. Start is inclusive (08:00:00 is
 * inside an 08–15 window); end is exclusive (15:00:00 is outside), so a window
 * "until 15:00" means the last moment is 14:59:59.999.
 */
export function isInsideWindow(at: Instant, w: DailyWindow): boolean {
  const { start, end } = parseWindow(w);
  const local = toOslo(at);
  if (!isWorkingDay(formatLocalDate(local.year, local.month, local.day))) return false;
  const minuteOfDay = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / 60_000;
  return minuteOfDay >= start && minuteOfDay < end;
}

// Longest run of non-working days is Maundy Thursday–Easter Monday (5 days);
// the bound only guards against a logic error looping forever.
const MAX_DAYS_AHEAD = 14;

/**
 * When the window is (or next becomes) open for a notice at `at` (domain §6:
 * "otherwise the window opens at the next working day's start").
 * Inside the window → `at` unchanged. Otherwise the first window start after
 * `at` on a working day: 07:00 on a working day → 08:00 the same day; 15:30 on
 * the Wednesday before Easter → 08:00 on the Tuesday after Easter Monday.
 */
export function windowOpening(at: Instant, w: DailyWindow): Instant {
  if (isInsideWindow(at, w)) return at;
  const { start } = parseWindow(w);
  const local = toOslo(at);
  const atMillis = local.toMillis();
  for (let i = 0; i <= MAX_DAYS_AHEAD; i++) {
    const day = local.startOf('day').plus({ days: i });
    if (!isWorkingDay(formatLocalDate(day.year, day.month, day.day))) continue;
    const opening = atLocalMinutes(day, start);
    if (opening.toMillis() > atMillis) return toInstant(opening);
  }
  throw new Error(`No working day within ${MAX_DAYS_AHEAD} days after ${at}`);
}

/** The window end (exclusive) on the Oslo day of windowOpening(at, w). */
export function windowClosing(at: Instant, w: DailyWindow): Instant {
  const { end } = parseWindow(w);
  const opening = toOslo(windowOpening(at, w));
  return toInstant(atLocalMinutes(opening, end));
}

// ---------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------

/**
 * Local midnight (Oslo) strictly after `at`, i.e. the end of "day 0". Oslo
 * DST changes happen at 02:00/03:00, so local midnight always exists; the day
 * may still be 23 or 25 hours long.
 */
export function startOfNextLocalDay(at: Instant): Instant {
  return toInstant(toOslo(at).startOf('day').plus({ days: 1 }));
}

/**
 * Oslo local date of `to` minus Oslo local date of `from`, in calendar days
 * (23:00 Monday → 01:00 Tuesday is 1). Dates are compared as plain dates in
 * UTC so a 23/25-hour DST day still counts as exactly one day.
 */
export function calendarDaysBetween(from: Instant, to: Instant): number {
  const asDate = (at: Instant): DateTime => DateTime.fromISO(localDate(at), { zone: 'utc' });
  return Math.round(asDate(to).diff(asDate(from)).as('milliseconds') / 86_400_000);
}

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

/**
 * Zone abbreviation from the offset rather than Intl: ICU names for Oslo vary
 * by locale and ICU build ('CET', 'GMT+1', 'MEZ'), and notices must read the
 * same everywhere.
 */
function zoneAbbreviation(offsetMinutes: number): string {
  if (offsetMinutes === 60) return 'CET';
  if (offsetMinutes === 120) return 'CEST';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/**
 * Human-readable Oslo time for notices, e.g.
 * nb: 'fredag 27. mars 2026 kl. 15:00 (CET)', en: 'Friday 27 March 2026 15:00 (CET)'.
 * The abbreviation disambiguates the repeated hour on the fall-back night.
 */
export function formatOslo(at: Instant, lang: 'nb' | 'en'): string {
  const local = toOslo(at);
  const zone = zoneAbbreviation(local.offset);
  if (lang === 'nb') {
    return `${local.setLocale('nb').toFormat("cccc d. MMMM yyyy 'kl.' HH:mm")} (${zone})`;
  }
  return `${local.setLocale('en-GB').toFormat('cccc d MMMM yyyy HH:mm')} (${zone})`;
}

/**
 * Parse ISO-8601 text with 'Z' or a numeric offset into a canonical UTC
 * Instant. Text without an offset is rejected (undefined): which local time
 * it meant cannot be known.
 */
export function parseInstant(text: string): Instant | undefined {
  const dt = parseStrict(text);
  if (!dt) return undefined;
  const iso = dt.toUTC().toISO();
  return iso ?? undefined;
}
