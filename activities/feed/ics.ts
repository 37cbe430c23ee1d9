// The deadline calendar of one mailbox: every open obligation with a deadline, across the running
// courses, for the roles that mailbox holds in each course's care team. It is built from the course
// views (the `courseState` query) and the care teams' mailboxes (the `mailboxes` query) alone, so
// like a reminder it says only the course reference, the rule (id, title, source), who must act, the
// deadline and a link to the course: no patient data (domain §7). `forlopsvakt calendar` and the
// worker's subscription feed (worker/feed-server.ts) both write it from here, so they write the same.
import ical, { ICalEventTransparency } from 'ical-generator';
import { z } from 'zod';
import { formatOslo, roleTitles, rule, ruleIds, ruleSource, type CourseView, type ObligationView } from '../../domain';
import type { Role } from '../../domain';
import { courseLink, type Links } from '../email/shared';

/** One running course as the feed reads it. */
export interface CourseFeedSource {
  view: CourseView;
  /** Each care-team role's mailbox (the `mailboxes` query). */
  mailboxes: Partial<Record<Role, string>>;
}

export interface FeedEntry {
  /** Stable across runs and feeds: re-importing the file updates the entry instead of adding one. */
  uid: string;
  courseRef: string;
  profile: string;
  obligation: ObligationView;
  dueAt: string;
  /** The roles this mailbox holds that must act. */
  roles: Role[];
}

/**
 * A deadline is an instant, often to the hour (ADM-REPORT within 4 hours, notice windows to 15:00,
 * domain §4.1, §9.3), so it is a short timed entry that starts at the deadline rather than an
 * all-day item that would hide the hour; it is marked free, as it is no meeting to block time for.
 */
export const entryMinutes = 30;
/** How often a subscribed calendar is asked to refresh (a hint; clients choose their own rate). */
export const refreshSeconds = 15 * 60;

/** Mailboxes compare as e-mail addresses are used in practice: trimmed and case-insensitive. */
export const normaliseMailbox = (mailbox: string): string => mailbox.trim().toLowerCase();

/** A mailbox given on the command line or in a URL: an e-mail address, or an error naming it. */
export function parseMailbox(text: string): string {
  const parsed = z.email().safeParse(text.trim());
  if (!parsed.success) throw new Error(`not a mailbox (an e-mail address): ${JSON.stringify(text)}`);
  return normaliseMailbox(parsed.data);
}

/**
 * The UID of an obligation's deadline entry: course reference and obligation key. It differs from
 * the meeting invitation's UID (activities/email/render.ts), so the two never overwrite each other.
 */
export const entryUid = (courseRef: string, obligationKey: string): string =>
  `deadline/${courseRef}/${obligationKey}@forlopsvakt`;

/** The mailbox's deadlines, earliest first; a course listed twice counts once. */
export function feedEntries(courses: CourseFeedSource[], mailbox: string): FeedEntry[] {
  const who = normaliseMailbox(mailbox);
  const byUid = new Map<string, FeedEntry>();
  for (const { view, mailboxes } of courses) {
    for (const obligation of view.openObligations) {
      const roles = obligation.who.filter((role) => normaliseMailbox(mailboxes[role] ?? '') === who);
      // A duty that only gates an event has no deadline to put in a calendar.
      if (obligation.dueAt === undefined || roles.length === 0) continue;
      const uid = entryUid(view.courseRef, obligation.key);
      byUid.set(uid, {
        uid,
        courseRef: view.courseRef,
        profile: view.profile,
        obligation,
        dueAt: obligation.dueAt,
        roles,
      });
    }
  }
  return [...byUid.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.uid.localeCompare(b.uid));
}

/** Norwegian first, English below, as in the reminders; English only for a rule the catalogue lost. */
function describe(entry: FeedEntry, links: Links): { summary: string; description: string } {
  const { obligation: o } = entry;
  const known = ruleIds.includes(o.rule) ? rule(o.rule) : undefined;
  const title = { nb: known?.title.nb ?? o.title, en: o.title };
  const source = { nb: known ? ruleSource(known, entry.profile, 'nb') : o.source, en: o.source };
  const labels = {
    nb: { course: 'Forløp', source: 'Kilde', who: 'Skal handle', due: 'Frist' },
    en: { course: 'Course', source: 'Source', who: 'Must act', due: 'Deadline' },
  };
  const part = (lang: 'nb' | 'en') => [
    `${o.rule}: ${title[lang]}`,
    `${labels[lang].course}: ${entry.courseRef}`,
    `${labels[lang].source}: ${source[lang]}`,
    `${labels[lang].who}: ${entry.roles.map((r) => roleTitles[r][lang]).join(', ')}`,
    `${labels[lang].due}: ${formatOslo(entry.dueAt, lang)}`,
  ];
  return {
    summary: `${o.rule}: ${title.nb} – ${entry.courseRef}`,
    description: [...part('nb'), '', ...part('en'), '', courseLink(entry, links)].join('\n'),
  };
}

/** The iCalendar text for one mailbox: the same courses give the same text, byte for byte. */
export function deadlineCalendar(courses: CourseFeedSource[], mailbox: string, links: Links): string {
  const calendar = ical({
    prodId: { company: 'Forløpsvakt', product: 'forlopsvakt', language: 'NB' },
    name: `Forløpsvakt – frister / deadlines – ${normaliseMailbox(mailbox)}`,
    ttl: refreshSeconds,
  });
  for (const entry of feedEntries(courses, mailbox)) {
    const start = new Date(entry.dueAt);
    calendar.createEvent({
      id: entry.uid,
      // UTC instants: unambiguous in every calendar client, no VTIMEZONE needed.
      start,
      end: new Date(start.getTime() + entryMinutes * 60_000),
      // When the duty opened, not when the file was written: the same state gives the same file.
      stamp: new Date(entry.obligation.openedAt),
      transparency: ICalEventTransparency.TRANSPARENT,
      url: courseLink(entry, links),
      ...describe(entry, links),
    });
  }
  return calendar.toString();
}
