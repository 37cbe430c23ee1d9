// The feed server's signed URLs: a mailbox's calendar, `/calendar/<mailbox>.ics?token=…`, and a
// course's timeline page, `/timeline/<courseRef>.html?token=…`. A token is an HMAC-SHA256 of what the
// URL names under CALENDAR_SECRET. There is no token store: the worker checks a token by computing it
// again, and changing the secret revokes every URL at once.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config';
import { normaliseMailbox } from './ics';

type FeedConfig = Pick<Config, 'CALENDAR_SECRET' | 'CALENDAR_PORT' | 'CALENDAR_PUBLIC_URL'>;

/** What a URL gives access to: one mailbox's deadlines, or one course's timeline. */
export type FeedTarget = { kind: 'calendar'; mailbox: string } | { kind: 'timeline'; courseRef: string };

export function feedToken(secret: string, target: FeedTarget): string {
  // The prefix keeps each kind of token, and any other use of a shared secret, apart.
  const subject = target.kind === 'calendar' ? normaliseMailbox(target.mailbox) : target.courseRef;
  return createHmac('sha256', secret).update(`forlopsvakt-${target.kind}:${subject}`).digest('base64url');
}

/** Constant-time; a token of another length is refused at once (the length is no secret). */
export function tokenMatches(secret: string, target: FeedTarget, token: string): boolean {
  const expected = Buffer.from(feedToken(secret, target));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `@` may stand in a path segment; the rest is escaped. */
export function feedPath(target: FeedTarget): string {
  const segment = (text: string) => encodeURIComponent(text).replace(/%40/g, '@');
  return target.kind === 'calendar'
    ? `/calendar/${segment(normaliseMailbox(target.mailbox))}.ics`
    : `/timeline/${segment(target.courseRef)}.html`;
}

/** What a feed path names, or undefined for any other path. */
export function targetOfPath(pathname: string): FeedTarget | undefined {
  const match = /^\/(calendar|timeline)\/([^/]+)\.(ics|html)$/.exec(pathname);
  if (!match || (match[1] === 'calendar') !== (match[3] === 'ics')) return undefined;
  try {
    const name = decodeURIComponent(match[2]!);
    return match[1] === 'calendar'
      ? { kind: 'calendar', mailbox: normaliseMailbox(name) }
      : { kind: 'timeline', courseRef: name };
  } catch {
    return undefined; // a malformed escape or mailbox
  }
}

/** Where the feed server is reached from outside, or undefined when it is not configured. */
function feedBase(config: FeedConfig): string | undefined {
  const local = config.CALENDAR_PORT !== undefined ? `http://127.0.0.1:${config.CALENDAR_PORT}` : undefined;
  return (config.CALENDAR_PUBLIC_URL ?? local)?.replace(/\/$/, '');
}

/** The URL for a target, with its token; undefined when the feed is not configured. */
export function signedUrl(config: FeedConfig, target: FeedTarget): { url: string; token: string } | undefined {
  const base = feedBase(config);
  if (!config.CALENDAR_SECRET || !base) return undefined;
  const token = feedToken(config.CALENDAR_SECRET, target);
  return { url: `${base}${feedPath(target)}?token=${token}`, token };
}

/** The URL a coordinator subscribes to, with the mailbox's token. */
export function subscriptionUrl(config: FeedConfig, mailbox: string): { url: string; token: string } {
  if (!config.CALENDAR_SECRET) throw new Error('set CALENDAR_SECRET (the same as the worker has) to make a URL');
  const signed = signedUrl(config, { kind: 'calendar', mailbox });
  if (!signed) throw new Error('set CALENDAR_PUBLIC_URL (or CALENDAR_PORT) to make a URL');
  return signed;
}
