// Instants, local dates and their text in Oslo time (domain §6).
//
// Pure functions only: no I/O, no clock, no Node built-ins. The calendar is imported by
// Temporal workflow code, which runs in a deterministic sandbox, so every "now" is passed in.
//
// Conventions:
// - `Instant` is an ISO-8601 string with an explicit offset; every value returned is canonical
//   UTC as produced by `DateTime.toUTC().toISO()`, e.g. '2026-03-29T01:00:00.000Z'.
// - `LocalDate` is a 'YYYY-MM-DD' calendar date in Europe/Oslo.
// - Zones and locales are always passed to luxon explicitly, so results never depend on
//   luxon's global Settings or the machine's zone/locale.
import { DateTime, IANAZone } from 'luxon';

const HOUR_MS = 3_600_000;

/**
 * An IANA zone whose UTC offset is remembered per UTC hour. Luxon asks Intl for the offset
 * (`formatToParts`) at every step in local time, the largest share of a course's calendar work on
 * the client, in the workflow and in the activities. Oslo's offset changes only on whole UTC hours
 * (01:00 UTC at both DST switches), so an hour whose first and last millisecond have the same
 * offset has it throughout; an hour where they differ (Oslo's last one was in the 1890s, when local mean
 * time ended) is asked of Intl every time. A pure function of `ts`: deterministic in the workflow
 * sandbox, like `remembered` below.
 */
export class HourlyOffsetZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    const known = this.offsets.get(hour);
    if (known !== undefined) return known;
    const first = super.offset(hour * HOUR_MS);
    if (first !== super.offset((hour + 1) * HOUR_MS - 1) || Number.isNaN(first)) return super.offset(ts);
    if (this.offsets.size >= 100_000) this.offsets.clear();
    this.offsets.set(hour, first);
    return first;
  }
}

/** Every calendar rule is evaluated in Norwegian local time (domain §6). */
export const ZONE = new HourlyOffsetZone('Europe/Oslo');

/** ISO-8601 instant with offset; outputs are always canonical UTC ('…Z'). */
export type Instant = string;

/** Local calendar date in Europe/Oslo, 'YYYY-MM-DD'. */
export type LocalDate = string;

/**
 * Remembers the result of a pure calendar function by its arguments (`key`). Each luxon step in
 * Oslo time costs an Intl offset look-up, and a course's wake-up asks for the same few instants
 * many times (its view, the UI details, the timer summary, the reminder). The result depends only
 * on the arguments, so this is deterministic in the workflow sandbox. Errors are not remembered;
 * the size is bounded.
 */
export function remembered<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = compute();
  if (cache.size >= 20_000) cache.clear();
  cache.set(key, result);
  return result;
}

/** A time designator followed by 'Z' or a numeric offset (±HH, ±HHmm, ±HH:mm). */
const HAS_OFFSET = /T[^]*?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Years 0000–9999: where `Date.toISOString` writes what luxon's `toISO` writes for UTC. */
const FOUR_DIGIT_YEARS = { from: Date.parse('0000-01-01T00:00:00.000Z'), to: Date.parse('9999-12-31T23:59:59.999Z') };

/**
 * The epoch milliseconds of an instant written in canonical UTC form, read without luxon's ISO
 * parser (the form every stored instant has, and the costlier part of a course's calendar work in
 * the workflow, docs/benchmarks.md). Only text that `Date` writes back exactly is taken; anything
 * else (another offset, 30 February) is left to luxon.
 */
function canonicalMillis(text: string): number | undefined {
  const ms = Date.parse(text);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === text ? ms : undefined;
}

/**
 * Parse an instant strictly. An instant without an offset would be ambiguous
 * (whose local time?), so it is rejected rather than guessed.
 */
function parseStrict(text: string): DateTime | undefined {
  if (typeof text !== 'string') return undefined;
  const ms = canonicalMillis(text);
  if (ms !== undefined) return DateTime.fromMillis(ms, { zone: 'utc' });
  const trimmed = text.trim();
  if (!HAS_OFFSET.test(trimmed)) return undefined;
  const dt = DateTime.fromISO(trimmed, { zone: 'utc' });
  return dt.isValid ? dt : undefined;
}

const osloCache = new Map<string, DateTime>();
/** `at` in Oslo time (luxon's DateTime is immutable, so one value serves every caller). */
export function toOslo(at: Instant): DateTime {
  return remembered(osloCache, String(at), () => {
    const dt = parseStrict(at);
    if (!dt) throw new RangeError(`Invalid instant (ISO-8601 with offset required): ${String(at)}`);
    return dt.setZone(ZONE);
  });
}

export function toInstant(dt: DateTime): Instant {
  const ms = dt.toMillis();
  // The same text as luxon's (canonical UTC), written without its formatter.
  if (ms >= FOUR_DIGIT_YEARS.from && ms <= FOUR_DIGIT_YEARS.to) return new Date(ms).toISOString();
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new RangeError(`Instant out of range: ${dt.invalidExplanation ?? 'unknown'}`);
  return iso;
}

/**
 * `at` moved by `ms` of elapsed time (domain §6: hours and minutes are elapsed, whatever the clock
 * shows). An instant in canonical UTC form is moved by arithmetic, without luxon's steps in Oslo
 * time (the larger share of a course start's calendar work, docs/benchmarks.md); any other form
 * takes luxon's way. The same instant either way: elapsed time needs no zone.
 */
export function plusElapsed(at: Instant, ms: number): Instant {
  const from = canonicalMillis(at);
  const to = from === undefined ? undefined : from + ms;
  if (to !== undefined && to >= FOUR_DIGIT_YEARS.from && to <= FOUR_DIGIT_YEARS.to) return new Date(to).toISOString();
  return toInstant(toOslo(at).plus(ms));
}

export function parseLocalDate(date: LocalDate): DateTime {
  const dt = LOCAL_DATE.test(date) ? DateTime.fromISO(date, { zone: ZONE }) : undefined;
  if (!dt || !dt.isValid) throw new RangeError(`Invalid local date (YYYY-MM-DD required): ${String(date)}`);
  return dt;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Oslo local calendar date of an instant. */
export function localDate(at: Instant): LocalDate {
  const dt = toOslo(at);
  return formatLocalDate(dt.year, dt.month, dt.day);
}

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

/** The texts of `formatOslo` and `formatOsloShort`, by format, language and instant. */
const textCache = new Map<string, string>();

/**
 * The names those texts use, read once from luxon (so from Intl, as its `toFormat` would give them)
 * and then written by hand: luxon's `setLocale` and `toFormat` for each new instant cost a course
 * more than all its other calendar work (docs/benchmarks.md). Weekdays by luxon's number (1 is
 * Monday), months 1–12; with each language's mark after the day and word before the clock.
 */
const names = (locale: string) => {
  // From milliseconds: luxon's other constructors read the clock, which a workflow may not at load.
  const utc = (month: number, day: number) =>
    DateTime.fromMillis(Date.UTC(2026, month - 1, day), { zone: 'utc', locale });
  const seven = [1, 2, 3, 4, 5, 6, 7];
  const day = (weekday: number) => utc(6, weekday); // 1 June 2026 is a Monday
  const month = (m: number) => utc(m, 15);
  const twelve = [...seven, 8, 9, 10, 11, 12];
  return {
    weekday: ['', ...seven.map((d) => day(d).toFormat('cccc'))],
    weekdayShort: ['', ...seven.map((d) => day(d).toFormat('ccc'))],
    month: ['', ...twelve.map((m) => month(m).toFormat('MMMM'))],
    monthShort: ['', ...twelve.map((m) => month(m).toFormat('LLL'))],
  };
};
const NAMES = {
  nb: { ...names('nb'), dayMark: '.', clockWord: 'kl. ' },
  en: { ...names('en-GB'), dayMark: '', clockWord: '' },
};

/** A year as luxon's `yyyy` writes it. */
const fourDigitYear = (year: number): string => (year < 0 ? `-${pad(-year, 4)}` : pad(year, 4));

/**
 * Human-readable Oslo time for notices, e.g.
 * nb: 'fredag 27. mars 2026 kl. 15:00 (CET)', en: 'Friday 27 March 2026 15:00 (CET)'.
 * The abbreviation disambiguates the repeated hour on the fall-back night.
 */
export function formatOslo(at: Instant, lang: 'nb' | 'en'): string {
  return remembered(textCache, `long|${lang}|${at}`, () => {
    const local = toOslo(at);
    const n = NAMES[lang];
    const date = `${n.weekday[local.weekday]} ${local.day}${n.dayMark} ${n.month[local.month]} ${fourDigitYear(local.year)}`;
    return `${date} ${n.clockWord}${clock(local)} (${zoneAbbreviation(local.offset)})`;
  });
}

/**
 * Short Oslo time for lists where space is scarce (e-mail subjects, the Temporal UI's timeline),
 * e.g. nb: 'tor. 26. nov kl. 12:23', en: 'Thu 26 Nov 12:23'. No zone: the full `formatOslo` text
 * stands next to it wherever the exact instant matters. The year is shown only when `now` is given
 * and falls in another year (a timer years ahead).
 */
export function formatOsloShort(at: Instant, lang: 'nb' | 'en', now?: Instant): string {
  const withYear = now !== undefined && osloYear(now) !== osloYear(at);
  return remembered(textCache, `short|${lang}|${withYear}|${at}`, () => {
    const local = toOslo(at);
    const n = NAMES[lang];
    const year = withYear ? ` ${fourDigitYear(local.year)}` : '';
    const date = `${n.weekdayShort[local.weekday]} ${local.day}${n.dayMark} ${n.monthShort[local.month]}${year}`;
    return `${date} ${n.clockWord}${clock(local)}`;
  });
}

/** Oslo wall-clock time, 'HH:mm'. */
const clock = (local: DateTime): string => `${pad(local.hour, 2)}:${pad(local.minute, 2)}`;

/**
 * The Oslo year of an instant without a luxon step: the year always turns in winter time (UTC+1).
 * `now` is new at every call, so remembering its DateTime would only fill the cache.
 */
function osloYear(at: Instant): number {
  const ms = typeof at === 'string' && HAS_OFFSET.test(at) ? Date.parse(at) : NaN;
  if (Number.isNaN(ms)) return toOslo(at).year; // which names what is wrong with it
  return new Date(ms + 3_600_000).getUTCFullYear();
}

/**
 * Parse ISO-8601 text with 'Z' or a numeric offset into a canonical UTC
 * Instant. Text without an offset is rejected (undefined): which local time
 * it meant cannot be known.
 */
export function parseInstant(text: string): Instant | undefined {
  const dt = parseStrict(text);
  return dt ? toInstant(dt) : undefined;
}

/** The end of an Oslo calendar date: local midnight after it. */
export function endOfLocalDate(date: LocalDate): Instant {
  return toInstant(parseLocalDate(date).plus({ days: 1 }));
}
