// The calendar of the rules (domain §6): Oslo time, DST-correct durations, Norwegian public
// holidays and working days, notice windows.
export {
  calendarDaysBetween,
  endOfLocalDate,
  formatOslo,
  formatOsloShort,
  localDate,
  parseInstant,
  startOfNextLocalDay,
  ZONE,
} from './instants';
export type { Instant, LocalDate } from './instants';
export { add, subtract, type DurationSpec } from './durations';
export { easterSunday, isPublicHoliday, isWorkingDay, publicHolidays } from './holidays';
export { isInsideWindow, windowClosing, windowOpening, type DailyWindow } from './windows';
