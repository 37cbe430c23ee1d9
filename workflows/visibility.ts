// What managers see of a course in the Temporal UI: its search attributes (to find and filter
// courses) and a table of its open obligations in the current details. Nothing personal: search
// attributes are never encrypted.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CourseState, CourseView, Role } from '../domain';
import {
  courseKindKey,
  hospitalUnitKey,
  municipalityKey,
  nextDeadlineKey,
  overdueCountKey,
  phaseKey,
  profileKey,
} from './search-attributes';

export function searchAttributesOf(state: CourseState, view: CourseView): SearchAttributeUpdatePair[] {
  return [
    { key: courseKindKey, value: state.kind },
    { key: profileKey, value: state.profile },
    { key: phaseKey, value: state.phase },
    { key: nextDeadlineKey, value: view.nextDeadline ? new Date(view.nextDeadline) : null },
    { key: overdueCountKey, value: view.overdueCount },
    { key: hospitalUnitKey, value: state.labels.hospitalUnit ?? null },
    { key: municipalityKey, value: state.labels.municipality ?? null },
  ];
}

/**
 * The open obligations as a Markdown table, overdue first (the Temporal UI renders it), and a link to
 * the course's timeline page when the feed server is configured (else the command that draws it).
 */
export function detailsTable(view: CourseView, timelineUrl?: string): string {
  const rows = [...view.openObligations].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  const waiting = view.waitingDays ? ` · DIS-WAITING ${view.waitingDays} days` : '';
  return [
    `**${view.kind}** · profile **${view.profile}** · rules revision ${view.revision} · phase **${view.phase}** · ` +
      `${view.overdueCount} overdue${waiting}`,
    '',
    '| Due (Oslo) | Rule | Obligation | Who | Missing | Source | |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows
      .map((o) =>
        [
          o.dueOslo,
          o.rule,
          o.title,
          o.who.join(', '),
          o.missing.join(', '),
          o.source,
          o.overdue ? '**OVERDUE**' : '',
        ].join(' | '),
      )
      .map((cells) => `| ${cells} |`),
    '',
    // This table shows what is open now; the course over time is its timeline.
    timelineUrl
      ? `[Timeline of the course](${timelineUrl})`
      : `Timeline: \`forlopsvakt course timeline ${view.courseRef} --html FILE\``,
  ].join('\n');
}

/** The `mailboxes` query: each role's mailbox for the calendar feed, without managers or digest flags. */
export function mailboxesOf(state: CourseState): Partial<Record<Role, string>> {
  return Object.fromEntries(Object.entries(state.careTeam).map(([role, member]) => [role, member.mailbox]));
}
