import { DateTime } from 'luxon';

/** Independent of domain/calendar: luxon's own calendar arithmetic in Europe/Oslo. */
export const osloPlus = (iso: string, d: { months?: number; years?: number; days?: number }): string =>
  DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).plus(d).toUTC().toISO()!;
export const oslo = (iso: string): string =>
  DateTime.fromISO(iso, { zone: 'Europe/Oslo' }).toFormat("yyyy-MM-dd'T'HH:mm ZZZZ");
