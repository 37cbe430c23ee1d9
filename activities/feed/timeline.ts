// `course timeline`: one picture of a course. Its view (the open duties, and the latest closed ones
// with how they closed) and its events become a vega-lite spec here; activities/feed/vega-render.ts turns the
// spec into SVG. Only the course reference, its kind, profile and phase, rule ids and titles, event
// kinds and instants go in: nothing about the patient, no staff ids (domain §7).
import { DateTime } from 'luxon';
// Types only: vega-lite names its types in package exports, which this repo's module resolution
// (node10, for CommonJS) does not read.
import type { TopLevelSpec } from 'vega-lite/build/index';
import {
  catalogue,
  formatOslo,
  ZONE,
  type ClosedObligationView,
  type CourseView,
  type Instant,
  type ObligationView,
  type RecordedEvent,
} from '../../domain';
import { renderSvg, standaloneHtml } from './vega-render';

/** Each bar's state and colour, in legend order. Closed otherwise than by doing it: grey. */
export const timelineStates = [
  { state: 'done on time', colour: '#2e7d32' },
  { state: 'done late', colour: '#ef6c00' },
  { state: 'open', colour: '#1565c0' },
  { state: 'overdue', colour: '#c62828' },
  { state: 'cancelled / withdrawn / overridden', colour: '#9e9e9e' },
] as const;
export type TimelineState = (typeof timelineStates)[number]['state'];

/** What the picture uses of an event: its kind and when (never its data or who recorded it). */
export type TimelineEvent = Pick<RecordedEvent, 'seq' | 'kind' | 'at'>;

/** How many of the coming deadlines are labelled with their Oslo time. */
const labelledDeadlines = 3;
const width = 760;
const rowHeight = 22;
const eventsHeight = 140;
const labelFontSize = 10;
/** Pixels between two slanted event labels for them not to overlap. */
const labelGap = 24;

/**
 * Instants plotted as Oslo wall-clock time read as UTC, on a UTC scale: the axis then shows Oslo
 * time whatever the zone of the machine that draws it (domain §6: all times are Europe/Oslo).
 */
const osloClock = (at: Instant): number => {
  const local = DateTime.fromISO(at, { zone: ZONE });
  return local.toMillis() + local.offset * 60_000;
};

interface Bar {
  row: string;
  state: TimelineState;
  from: number;
  to: number;
  due?: number;
  description: string;
}

const titleOf = (id: string): string => catalogue.find((r) => r.id === id)?.title.en ?? id;

function closedState(c: ClosedObligationView): TimelineState {
  if (c.outcome !== 'done' && c.outcome !== 'doneBefore') return 'cancelled / withdrawn / overridden';
  return c.dueAt !== undefined && c.closedAt > c.dueAt ? 'done late' : 'done on time';
}

const closedBar = (c: ClosedObligationView): Bar => ({
  row: c.key,
  state: closedState(c),
  from: osloClock(c.openedAt),
  to: osloClock(c.closedAt),
  ...(c.dueAt !== undefined ? { due: osloClock(c.dueAt) } : {}),
  description: `${c.key} ${titleOf(c.rule)}: ${c.outcome} ${formatOslo(c.closedAt, 'en')}`,
});

/** Open duties run to their deadline; overdue ones and those that only gate an event run to now. */
const openBar = (o: ObligationView, now: Instant): Bar => ({
  row: o.key,
  state: o.overdue ? 'overdue' : 'open',
  from: osloClock(o.openedAt),
  to: osloClock(o.dueAt !== undefined && !o.overdue ? o.dueAt : now),
  ...(o.dueAt !== undefined ? { due: osloClock(o.dueAt) } : {}),
  description: `${o.key} ${o.title}: ${o.overdue ? 'overdue, was due' : 'due'} ${o.dueOslo}`,
});

/**
 * Labels for the event points: the kinds of the events that fall within `gap` of the first one
 * (repeats counted), so that slanted labels do not print over each other.
 */
function eventLabels(events: TimelineEvent[], gap: number): { x: number; text: string }[] {
  const groups: { x: number; kinds: Map<string, number> }[] = [];
  for (const e of [...events].sort((a, b) => a.at.localeCompare(b.at))) {
    const x = osloClock(e.at);
    const last = groups.at(-1);
    const group = last && x - last.x < gap ? last : { x, kinds: new Map<string, number>() };
    if (group !== last) groups.push(group);
    group.kinds.set(e.kind, (group.kinds.get(e.kind) ?? 0) + 1);
  }
  return groups.map(({ x, kinds }) => ({
    x,
    text: [...kinds].map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind)).join(', '),
  }));
}

/**
 * The x domain: every bar, event and now, and room on the right for the deadline labels. Set here
 * rather than left to vega-lite, so the labels of the furthest deadlines are not cut off.
 */
function xDomain(xs: number[], labels: { x: number; text: string }[]): [number, number] {
  const min = Math.min(...xs);
  const max = Math.max(...xs, ...labels.map((l) => l.x));
  const room = (l: { x: number; text: string }) => width - 10 - l.text.length * labelFontSize * 0.6;
  return [min, Math.max(max, ...labels.map((l) => min + ((l.x - min) * width) / room(l))) + 1];
}

/** The course drawn as SVG (see `timelineSpec`). */
export const timelineSvg = (view: CourseView, events: TimelineEvent[]): Promise<string> =>
  renderSvg(timelineSpec(view, events));

/** The picture as a page of its own (what `--html` writes and the feed server serves). */
export const timelinePage = (courseRef: string, svg: string): string =>
  standaloneHtml(`Course ${courseRef}: timeline`, svg);

/** The course as a vega-lite spec: events above; below, one bar per duty, a tick at each deadline. */
export function timelineSpec(view: CourseView, events: TimelineEvent[]): TopLevelSpec {
  const now = osloClock(view.now);
  const bars = [
    ...(view.closedObligations ?? []).map(closedBar), // a worker from before closed duties were in the view
    ...view.openObligations.map((o) => openBar(o, view.now)),
  ].sort((a, b) => a.from - b.from || a.row.localeCompare(b.row));
  const deadlines = view.openObligations
    .filter((o) => o.dueAt !== undefined && !o.overdue)
    .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))
    .slice(0, labelledDeadlines)
    .map((o) => ({ row: o.key, x: osloClock(o.dueAt!), text: `due ${formatOslo(o.dueAt!, 'en')}` }));
  const domain = xDomain(
    [now, ...bars.flatMap((b) => [b.from, b.to]), ...events.map((e) => osloClock(e.at))],
    deadlines,
  );
  // A duty done the moment it opened (domain §9.7) still shows: every bar is at least 3 px wide.
  const msPerPixel = (domain[1] - domain[0]) / width;
  for (const b of bars) b.to = Math.max(b.to, b.from + 3 * msPerPixel);

  // One scale and one title for every layer (vega-lite merges the layers' axes); the events panel has no axis.
  const time = { type: 'temporal', scale: { type: 'utc', domain, nice: false }, title: 'Oslo time' } as const;
  const noAxis = { ...time, axis: null } as const;
  const nowRule = (x: typeof time | typeof noAxis) => ({
    name: 'now',
    data: { values: [{ x: now }] },
    mark: { type: 'rule' as const, color: '#212121', strokeDash: [4, 3], strokeWidth: 1.5 },
    encoding: { x: { field: 'x', ...x }, description: { value: `now ${formatOslo(view.now, 'en')}` } },
  });
  const row = { field: 'row', type: 'nominal', sort: bars.map((b) => b.row), title: null } as const;
  const colour = {
    field: 'state',
    type: 'nominal',
    scale: { domain: timelineStates.map((s) => s.state), range: timelineStates.map((s) => s.colour) },
    legend: { title: null, orient: 'bottom', direction: 'horizontal', labelLimit: 400 },
  } as const;

  return {
    title: {
      text: `Course ${view.courseRef}`,
      subtitle: `${view.kind}, profile ${view.profile}, phase ${view.phase}; Oslo time`,
      anchor: 'start',
    },
    background: 'white',
    config: { font: 'sans-serif', view: { stroke: '#e0e0e0' }, axis: { labelFontSize: 11 } },
    resolve: { scale: { x: 'shared' } },
    vconcat: [
      {
        width,
        height: eventsHeight,
        layer: [
          nowRule(noAxis),
          {
            data: { values: [{ x: now, text: `now: ${formatOslo(view.now, 'en')}` }] },
            mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, y: 4, fontWeight: 'bold' },
            encoding: { x: { field: 'x', ...noAxis }, text: { field: 'text' } },
          },
          {
            name: 'events',
            data: { values: events.map((e) => ({ x: osloClock(e.at), text: `${e.kind} ${formatOslo(e.at, 'en')}` })) },
            mark: { type: 'point', filled: true, size: 45, color: '#455a64', y: eventsHeight - 8 },
            encoding: { x: { field: 'x', ...noAxis }, description: { field: 'text' } },
          },
          {
            data: { values: eventLabels(events, msPerPixel * labelGap) },
            mark: {
              type: 'text',
              align: 'left',
              angle: -35,
              y: eventsHeight - 16,
              limit: 260,
              fontSize: labelFontSize,
            },
            encoding: { x: { field: 'x', ...noAxis }, text: { field: 'text' } },
          },
        ],
      },
      {
        width,
        height: Math.max(1, bars.length) * rowHeight,
        layer: [
          {
            name: 'duties',
            data: { values: bars },
            mark: { type: 'bar', height: 12, cornerRadius: 2 },
            encoding: {
              x: { field: 'from', ...time, axis: { format: '%e %b %Y', labelFlush: true } },
              x2: { field: 'to' },
              y: { ...row, axis: { labelLimit: 300 } },
              color: colour,
              description: { field: 'description' },
            },
          },
          {
            name: 'deadlines',
            data: { values: bars.filter((b) => b.due !== undefined) },
            mark: { type: 'tick', color: '#212121', thickness: 2, size: 16 },
            encoding: { x: { field: 'due', ...time }, y: row },
          },
          {
            data: { values: deadlines },
            mark: { type: 'text', align: 'left', dx: 6, fontSize: labelFontSize },
            encoding: { x: { field: 'x', ...time }, y: row, text: { field: 'text' } },
          },
          nowRule(time),
        ],
      },
    ],
  };
}
