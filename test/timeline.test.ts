// The course timeline (`course timeline`): the pure engine's course drawn as SVG by vega-lite and
// vega, each duty a bar coloured by how it stands, the now line, the next deadlines in Oslo time.
import { courseView, formatOslo, type CourseView } from '../domain';
import { timelineSpec, timelineStates, type TimelineState } from '../activities/feed/timeline';
import { renderSvg, standaloneHtml } from '../activities/feed/vega-render';
import { Course, forensicAtTud, MIN, runUntil } from './helpers/engine';
import { careTeam } from './helpers/fixtures';

// To TUD on Tue 10 March 2026 12:00 CET, looked at on Wed 20 May 2026 12:00 CEST: the admission duties
// done on time, STAY-MEETING#1 done late, the first TUD duties overdue, later ones open, and the
// stay meeting that was to follow cancelled by the discharge.
const NOW = '2026-05-20T10:00:00.000Z';
function tudCourse(): CourseView {
  const c = forensicAtTud('2026-03-10T11:00:00.000Z');
  c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargeReport', by: 'clerk-7' });
  return courseView(runUntil(c.s, NOW).state, NOW);
}

const colourOf = (state: TimelineState) => timelineStates.find((s) => s.state === state)!.colour;

/** The fill of each duty's bar, by the duty's key (each bar says which duty it is in its aria-label). */
function barFills(svg: string): Map<string, string> {
  const duties = svg.slice(svg.indexOf('duties_marks'), svg.indexOf('deadlines_marks'));
  const bars = [...duties.matchAll(/<path aria-label="([^ "]+) [^"]*"[^>]* fill="(#[0-9a-f]{6})"/g)];
  return new Map(bars.map((m) => [m[1]!, m[2]!]));
}

let view: CourseView;
let svg: string;
beforeAll(async () => {
  view = tudCourse();
  svg = await renderSvg(timelineSpec(view, view.recentEvents));
});

test('the view carries the latest closed duties with how and when they closed', () => {
  expect(view.closedObligations.find((c) => c.key === 'STAY-MEETING#1')).toEqual({
    key: 'STAY-MEETING#1',
    rule: 'STAY-MEETING',
    openedAt: '2025-11-03T09:00:00.000Z',
    dueAt: '2026-02-03T09:00:00.000Z',
    closedAt: '2026-03-10T10:13:00.000Z', // held in the discharge process, five weeks late
    outcome: 'done',
  });
  expect(view.closedObligations.map((c) => c.outcome)).toContain('cancelled');
  // Only the latest 50: a query result stays small however long the course runs.
  const s = forensicAtTud('2026-03-10T11:00:00.000Z').s;
  const many = Array.from({ length: 60 }, (_, i) => ({ ...s.closed[0]!, key: `ADM-NOTICE#${i + 1}` }));
  const latest = courseView({ ...s, closed: many }, NOW).closedObligations;
  expect(latest.map((c) => c.key)).toEqual(many.slice(10).map((c) => c.key));
  expect(Object.keys(latest[0]!).sort()).toEqual(['closedAt', 'dueAt', 'key', 'openedAt', 'outcome', 'rule']);
});

test('every duty, open and closed, is a bar labelled with its rule id, coloured by how it stands', () => {
  expect(svg).toMatch(/^<svg /);
  const fills = barFills(svg);
  const expected = new Map<string, TimelineState>();
  for (const o of view.openObligations) expected.set(o.key, o.overdue ? 'overdue' : 'open');
  for (const c of view.closedObligations) {
    const done = c.outcome === 'done' || c.outcome === 'doneBefore';
    const late = c.dueAt !== undefined && c.closedAt > c.dueAt;
    expected.set(c.key, !done ? 'cancelled / withdrawn / overridden' : late ? 'done late' : 'done on time');
  }
  expect(expected.size).toBeGreaterThan(20);
  for (const [key, state] of expected) {
    expect(svg).toContain(`>${key}</text>`); // its row on the axis
    expect([key, fills.get(key)]).toEqual([key, colourOf(state)]);
  }
  // This course has a duty in every state, and each state has a colour of its own.
  expect(new Set(expected.values())).toEqual(new Set(timelineStates.map((s) => s.state)));
  expect(new Set(timelineStates.map((s) => s.colour)).size).toBe(timelineStates.length);
  expect(fills.get('STAY-MEETING#1')).toBe(colourOf('done late'));
  expect(fills.get('TUD-ERM#1')).toBe(colourOf('overdue'));
});

test('a line at now, the next deadlines labelled in Oslo time, and the events above', () => {
  expect(svg.match(/class="mark-rule role-mark now_marks"/g)).toHaveLength(2); // through both panels
  expect(svg).toContain(`now: ${formatOslo(NOW, 'en')}</text>`);
  expect(svg).toContain('now: Wednesday 20 May 2026 12:00 (CEST)');
  const next = view.openObligations.filter((o) => o.dueAt && !o.overdue).slice(0, 3);
  expect(next.map((o) => o.key)).toEqual(['TUD-MEETING#1', 'TUD-MEETING#2', 'TUD-PLAN#1']);
  for (const o of next) expect(svg).toContain(`due ${formatOslo(o.dueAt!, 'en')}</text>`);
  expect(svg).toContain('due Wednesday 10 June 2026 12:00 (CEST)');
  expect(svg).toContain('aria-label="dischargedToTud Tuesday 10 March 2026 12:00 (CET)"');
});

test('nothing about the patient or the staff: no mailboxes, no staff ids; the page needs no network', () => {
  expect(view.recentEvents.map((e) => e.by)).toContain('clerk-7');
  for (const text of [JSON.stringify(timelineSpec(view, view.recentEvents)), svg]) {
    for (const member of Object.values(careTeam)) expect(text).not.toContain(member.mailbox);
    expect(text).not.toContain('clerk-7');
  }
  // No run of eleven digits (the length of a national identity number), not even in a coordinate.
  expect(svg).not.toMatch(/\d{11}/);
  const html = standaloneHtml(`Course ${view.courseRef}`, svg);
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain(svg);
  expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\/(?!www\.w3\.org\/)/);
  expect(standaloneHtml('<b>&', '')).toContain('<title>&#60;b&#62;&#38;</title>');
});

test('a course just started draws too, also from a worker whose view has no closed duties yet', async () => {
  const { closedObligations: _, ...older } = courseView(Course.start('admission-discharge', 'ahus', NOW).s, NOW);
  expect(older.openObligations.length).toBeGreaterThan(0);
  const drawn = await renderSvg(timelineSpec(older as CourseView, []));
  expect([...barFills(drawn).keys()].sort()).toEqual(older.openObligations.map((o) => o.key).sort());
});
