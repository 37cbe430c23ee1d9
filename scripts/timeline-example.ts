// `npx tsx scripts/timeline-example.ts`: draws docs/images/timeline.svg, the example picture in the
// README. The demo forensic course (client/demo.ts) runs on the pure engine through its first six
// weeks, some duties done on time, some late, one overdue, and is drawn as `course timeline` draws it.
// Fixed instants, so the picture changes only when the rules or the drawing do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { advance, courseView, decide, startCourse, type Instant } from '../domain';
import { demoCourses } from '../client/demo';
import { timelineSvg } from '../activities/feed/timeline';

const admitted = '2026-01-05T08:00:00.000Z'; // Monday 5 January 2026 09:00 CET
const now = '2026-02-16T11:00:00.000Z';
const hours = (h: number): Instant => new Date(Date.parse(admitted) + h * 3_600_000).toISOString();

// [hours after the admission, event]: the admission duties (domain §4.1–4.2); the risk assessment is
// never shared (STAY-RISK stays open past its deadline).
const story: [number, Record<string, unknown>][] = [
  [1, { kind: 'messageSent', message: 'admissionNotice' }],
  [3, { kind: 'messageSent', message: 'admissionReport' }],
  [26, { kind: 'messageSent', message: 'statusInformation' }],
  [50, { kind: 'messageSent', message: 'gpDialogue' }],
  [74, { kind: 'taskDone', rule: 'ADM-CHILDREN' }],
  [146, { kind: 'coordinatorAppointed', party: 'hospital' }],
  [290, { kind: 'coordinatorAppointed', party: 'municipality' }],
  [240, { kind: 'riskAssessed' }],
  [722, { kind: 'ipStarted' }],
];

async function main(): Promise<void> {
  const demo = demoCourses()[0]!;
  let state = startCourse({ ...demo, firstEvent: { ...demo.firstEvent, at: admitted } }, admitted).state;
  for (const [h, event] of story.sort((a, b) => a[0] - b[0])) {
    state = decide(advance(state, hours(h)).state, event, hours(h)).state;
  }
  state = advance(state, now).state;
  const svg = await timelineSvg(courseView(state, now), state.events);
  const file = resolve(__dirname, '..', 'docs', 'images', 'timeline.svg');
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, svg);
  console.log(`wrote ${file}`);
}

void main();
