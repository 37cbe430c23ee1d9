// Subscription URLs for the calendar feed: `/calendar/<mailbox>.ics?token=…`, where a mailbox's token
// is an HMAC-SHA256 of the mailbox under CALENDAR_SECRET. There is no token store: the worker checks
// a token by computing it again, and changing the secret revokes every URL at once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config';
import { normaliseMailbox } from './ics';

type FeedConfig = Pick<Config, 'CALENDAR_SECRET' | 'CALENDAR_PORT' | 'CALENDAR_PUBLIC_URL'>;

export function feedToken(secret: string, mailbox: string): string {
  // The prefix keeps this HMAC apart from any other use a shared secret might be put to.
  return createHmac('sha256', secret)
    .update(`forlopsvakt-calendar:${normaliseMailbox(mailbox)}`)
    .digest('base64url');
}

/** Constant-time; a token of another length is refused at once (the length is no secret). */
export function tokenMatches(secret: string, mailbox: string, token: string): boolean {
  const expected = Buffer.from(feedToken(secret, mailbox));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `@` may stand in a path segment; the rest of the address is escaped. */
export const feedPath = (mailbox: string): string =>
  `/calendar/${encodeURIComponent(normaliseMailbox(mailbox)).replace(/%40/g, '@')}.ics`;

/** The mailbox a feed path names, or undefined for any other path. */
export function mailboxOfPath(pathname: string): string | undefined {
  const match = /^\/calendar\/([^/]+)\.ics$/.exec(pathname);
  if (!match) return undefined;
  try {
    return normaliseMailbox(decodeURIComponent(match[1]!));
  } catch {
    return undefined; // a malformed escape
  }
}

/** The URL a coordinator subscribes to, with the mailbox's token. */
export function subscriptionUrl(config: FeedConfig, mailbox: string): { url: string; token: string } {
  if (!config.CALENDAR_SECRET) throw new Error('set CALENDAR_SECRET (the same as the worker has) to make a URL');
  const local = config.CALENDAR_PORT !== undefined ? `http://127.0.0.1:${config.CALENDAR_PORT}` : undefined;
  const base = config.CALENDAR_PUBLIC_URL ?? local;
  if (!base) throw new Error('set CALENDAR_PUBLIC_URL (or CALENDAR_PORT) to make a URL');
  const token = feedToken(config.CALENDAR_SECRET, mailbox);
  return { url: `${base.replace(/\/$/, '')}${feedPath(mailbox)}?token=${token}`, token };
}
