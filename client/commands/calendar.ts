// `forlopsvakt calendar --mailbox …`: a mailbox's open deadlines across running courses as an
// iCalendar file, the same text the worker's subscription feed serves (activities/feed); with
// `--url`, the subscription URL with the mailbox's token (docs/operations.md, "Calendar feed").
import type { Command } from 'commander';
import { linksOf } from '../../activities/email/smtp';
import { collectCourses } from '../../activities/feed/courses';
import { deadlineCalendar, feedEntries, parseMailbox } from '../../activities/feed/ics';
import { subscriptionUrl } from '../../activities/feed/token';
import { print } from '../format';
import type { Session } from '../session';

interface CalendarOptions {
  mailbox: string;
  url?: boolean;
  json?: boolean;
}

export function addCalendarCommand(program: Command, session: Session): void {
  program
    .command('calendar')
    .description("every open deadline of a mailbox's roles across running courses, as iCalendar (.ics) on stdout")
    .requiredOption('--mailbox <address>', 'the care-team mailbox')
    .option('--url', "print the mailbox's subscription URL for the worker's feed instead (needs CALENDAR_SECRET)")
    .option('--json', 'print JSON (the deadlines, or the URL and token)')
    .action(async (o: CalendarOptions) => {
      const mailbox = parseMailbox(o.mailbox);
      const config = session.config();
      if (o.url) {
        const { url, token } = subscriptionUrl(config, mailbox);
        print(!!o.json, { mailbox, url, token }, () => url);
        return;
      }
      const { courses, unreadable } = await collectCourses(await session.temporal());
      for (const { courseRef, error } of unreadable) {
        console.error(`forlopsvakt: course ${courseRef} could not be read, its deadlines are missing: ${error}`);
      }
      if (o.json) print(true, feedEntries(courses, mailbox), () => '');
      // As it is, without a newline added: the file is CRLF-separated iCalendar text.
      else process.stdout.write(deadlineCalendar(courses, mailbox, linksOf(config)));
    });
}
