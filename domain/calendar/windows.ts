// Daily windows (domain §6: a notice "inside the window" is sent on a working day between its start and end).
import { DateTime } from 'luxon';
import { formatLocalDate, toInstant, toOslo, ZONE, type Instant } from './instants';
import { isWorkingDay } from './holidays';

/** Local daily window, 'HH:mm' Oslo wall-clock times; start inclusive, end exclusive. */
export interface DailyWindow {
  start: string;
  end: string;
}

const HH_MM = /^(\d{2}):(\d{2})$/;
const MINUTES_PER_DAY = 24 * 60;

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
