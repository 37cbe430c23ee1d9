// Durations as the rules write them (domain §6): "24 h" is elapsed time, months are calendar months.
import { plusElapsed, remembered, toInstant, toOslo, type Instant } from './instants';

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

// `advance` and `nextWakeUp` recompute every open obligation's heads-up and escalation instants
// at each wake-up: remembering the results keeps a wake-up cheap however many obligations are open
// (13x on the engine tests; `remembered`, instants.ts).
const shiftCache = new Map<string, Instant>();
function shift(op: '+' | '-', at: Instant, d: DurationSpec, compute: () => Instant): Instant {
  requireFinite(d); // before the look-up: { hours: '1' } must not hit the entry of { hours: 1 }
  return remembered(shiftCache, `${op}${at}|${d.years}|${d.months}|${d.days}|${d.hours}|${d.minutes}`, compute);
}

/**
 * `at` + `d`. Calendar parts (years, months, days) are applied first in Oslo
 * local time, then elapsed parts (hours, minutes) — domain §6.
 */
export function add(at: Instant, d: DurationSpec): Instant {
  return shift('+', at, d, () => addUncached(at, d));
}
/**
 * Whole hours and minutes alone, as milliseconds: elapsed time (domain §6) needs no calendar, so it is
 * added without luxon's local-time steps (the same instant: a calendar step of zero moves nothing).
 * Undefined when `d` has calendar parts or fractions, which take luxon's way.
 */
function elapsedOnlyMs(d: DurationSpec): number | undefined {
  if (d.years || d.months || d.days) return undefined;
  const [hours, minutes] = [d.hours ?? 0, d.minutes ?? 0];
  return Number.isInteger(hours) && Number.isInteger(minutes) ? hours * 3_600_000 + minutes * 60_000 : undefined;
}

function addUncached(at: Instant, d: DurationSpec): Instant {
  requireFinite(d);
  const elapsedMs = elapsedOnlyMs(d);
  if (elapsedMs !== undefined) return plusElapsed(at, elapsedMs);
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
  return shift('-', at, d, () => subtractUncached(at, d));
}
function subtractUncached(at: Instant, d: DurationSpec): Instant {
  requireFinite(d);
  const elapsedMs = elapsedOnlyMs(d);
  if (elapsedMs !== undefined) return plusElapsed(at, -elapsedMs);
  const elapsed = toOslo(at).minus({ hours: d.hours ?? 0, minutes: d.minutes ?? 0 });
  return toInstant(elapsed.minus({ years: d.years ?? 0, months: d.months ?? 0, days: d.days ?? 0 }));
}
