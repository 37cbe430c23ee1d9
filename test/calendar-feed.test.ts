// The deadline calendar feed (docs/operations.md, "Calendar feed") against the dev server with the
// real worker: `forlopsvakt calendar` as an admin runs it (bin/forlopsvakt), and the same file served
// for subscription at the worker's authenticated URL.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { courseLink } from '../activities/email/shared';
import { loadConfig, type Config } from '../config';
import { recordEvent, startCourseWorkflow } from '../client/courses';
import { createWorker } from '../worker';
import type { CareTeam, CourseView, Role } from '../domain';
import { courseStateQuery } from '../workflows/contract';
import { localEnv } from './helpers/temporal';
import { signedUrl } from '../activities/feed/token';
import { bin, runCli } from './helpers/cli';
import { freePort } from './helpers/maildev';
import { careTeam, identityNumberLike, startInput } from './helpers/fixtures';

const shared = 'shared-ward@hospital.test';
const officeA = 'office-a@municipality.test';
const officeB = 'office-b@municipality.test';
let env: TestWorkflowEnvironment;
let config: Config;
let cliEnv: Record<string, string>;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await localEnv();
  cliEnv = {
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: 'calendar-feed',
    CALENDAR_PORT: String(await freePort()),
    CALENDAR_SECRET: randomBytes(32).toString('hex'),
  };
  config = loadConfig(cliEnv);
  // Reminders are not what this file tests: they are accepted and dropped.
  worker = await createWorker(config, async () => undefined);
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const cli = (...args: string[]) => runCli(cliEnv, ...args);

interface VEvent {
  UID: string;
  SUMMARY: string;
  DTSTART: string;
  DTEND: string;
  DESCRIPTION: string;
  TRANSP: string;
}
/** The VEVENTs of an iCalendar text: lines unfolded (RFC 5545 §3.1), parameters dropped, text unescaped. */
function vevents(ics: string): VEvent[] {
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n[^]*END:VCALENDAR$/);
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: VEvent[] = [];
  let current: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') events.push(current as unknown as VEvent);
    else if (current) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).split(';')[0]!;
      current[name] = line
        .slice(colon + 1)
        .replace(/\\n/g, '\n')
        .replace(/\\([,;\\])/g, '$1');
    }
  }
  return events;
}
const utc = (instant: string) => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');

/** The deadlines a mailbox must see: open obligations with a deadline for a role it holds. */
function expectedUids(courses: { view: CourseView; team: CareTeam }[], mailbox: string): string[] {
  return courses
    .flatMap(({ view, team }) =>
      view.openObligations
        .filter((o) => o.dueAt !== undefined && o.who.some((r: Role) => team[r]?.mailbox === mailbox))
        .map((o) => `deadline/${view.courseRef}/${o.key}@forlopsvakt`),
    )
    .sort();
}

async function startTwoCourses() {
  const teamA: CareTeam = { ...careTeam, ward: { mailbox: shared }, caseOffice: { mailbox: officeA } };
  const teamB: CareTeam = { ...careTeam, ward: { mailbox: shared }, caseOffice: { mailbox: officeB } };
  const a = startInput('admission-discharge', 'ahus', { careTeam: teamA });
  const b = startInput('forensic-tud', 'hnt', { careTeam: teamB });
  for (const input of [a, b]) await startCourseWorkflow(env.client, config, input);
  const views = await Promise.all(
    [a, b].map((i) => env.client.workflow.getHandle(i.courseRef).query(courseStateQuery)),
  );
  return [
    { view: views[0]!, team: teamA },
    { view: views[1]!, team: teamB },
  ];
}

let courses: Awaited<ReturnType<typeof startTwoCourses>>;

test("the CLI writes one event per open deadline of the mailbox's roles, with UIDs stable across runs", async () => {
  courses = await startTwoCourses();
  const [a, b] = courses as [(typeof courses)[0], (typeof courses)[0]];
  // Both courses give the shared mailbox deadlines, and each has duties for the other roles too.
  const forShared = expectedUids(courses, shared);
  expect(forShared.filter((u) => u.includes(a.view.courseRef)).length).toBeGreaterThan(0);
  expect(forShared.filter((u) => u.includes(b.view.courseRef)).length).toBeGreaterThan(0);
  expect(expectedUids(courses, officeA).length).toBeGreaterThan(0);

  const first = await cli('calendar', '--mailbox', shared);
  expect(first).toMatchObject({ code: 0, stderr: '' });
  const events = vevents(first.stdout);
  expect(events.map((e) => e.UID).sort()).toEqual(forShared);
  // A second run gives the same file, UIDs and all: re-importing it updates, never duplicates.
  expect((await cli('calendar', '--mailbox', shared.toUpperCase())).stdout).toBe(first.stdout);

  for (const e of events) {
    const course = e.UID.includes(a.view.courseRef) ? a.view : b.view;
    const o = course.openObligations.find((x) => e.UID === `deadline/${course.courseRef}/${x.key}@forlopsvakt`)!;
    expect(e.SUMMARY).toMatch(new RegExp(`^${o.rule}: .+ – ${course.courseRef}$`));
    expect(e.DTSTART).toBe(utc(o.dueAt!));
    expect(e.DTEND).toBe(utc(new Date(Date.parse(o.dueAt!) + 30 * 60_000).toISOString()));
    expect(e.TRANSP).toBe('TRANSPARENT');
    expect(e.DESCRIPTION).toContain(
      courseLink(course, { temporalUiUrl: config.TEMPORAL_UI_URL, namespace: 'default' }),
    );
    expect(e.DESCRIPTION).toContain(o.source);
    // Only the course reference, rule, roles, deadline and link: no other care-team address.
    expect(e.DESCRIPTION).not.toMatch(/@(hospital|municipality|clinic)\.test/);
  }

  // Another mailbox gets only its own course's duties, and none of the shared mailbox's.
  const office = vevents((await cli('calendar', '--mailbox', officeA)).stdout).map((e) => e.UID);
  expect(office.sort()).toEqual(expectedUids(courses, officeA));
  expect(office.some((u) => u.includes(b.view.courseRef))).toBe(false);
  expect(vevents((await cli('calendar', '--mailbox', 'nobody@hospital.test')).stdout)).toEqual([]);

  expect((await cli('calendar', '--help')).stdout).toMatch(/^Usage: forlopsvakt calendar \[options\]/);
  const bad = await cli('calendar', '--mailbox', 'not a mailbox');
  expect(bad).toMatchObject({ code: 1, stderr: 'forlopsvakt: not a mailbox (an e-mail address): "not a mailbox"\n' });
});

test('the worker serves the same file at the subscription URL; a wrong token is 401, another path 404', async () => {
  const url = await cli('calendar', '--mailbox', shared, '--url');
  expect(url.stdout).toMatch(
    new RegExp(
      `^http://127\\.0\\.0\\.1:${config.CALENDAR_PORT}/calendar/shared-ward@hospital\\.test\\.ics\\?token=[\\w-]{43}\n$`,
    ),
  );
  const served = await fetch(url.stdout.trim());
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  expect(await served.text()).toBe((await cli('calendar', '--mailbox', shared)).stdout);

  const { token } = JSON.parse((await cli('calendar', '--mailbox', officeA, '--url', '--json')).stdout) as {
    token: string;
  };
  const base = `http://127.0.0.1:${config.CALENDAR_PORT}`;
  // The token is the mailbox's own: another mailbox's, a changed one or none is refused.
  expect((await fetch(`${base}/calendar/${shared}.ics?token=${token}`)).status).toBe(401);
  expect((await fetch(url.stdout.trim().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).status).toBe(401);
  expect((await fetch(`${base}/calendar/${shared}.ics`)).status).toBe(401);
  expect((await fetch(`${base}/calendar/${officeA}.ics?token=${token}`)).status).toBe(200);
  expect((await fetch(`${base}/metrics?token=${token}`)).status).toBe(404);
  expect((await fetch(`${base}/calendar/${officeA}.ics?token=${token}`, { method: 'POST' })).status).toBe(405);
});

test("each course's details in the Temporal UI link to its timeline page, the picture the CLI draws", async () => {
  const ref = courses[0]!.view.courseRef;
  const handle = env.client.workflow.getHandle(ref);
  const metadata = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
  const link = /\[Timeline of the course\]\((http:\/\/127\.0\.0\.1:\d+\/timeline\/[^)]+)\)/.exec(
    metadata.currentDetails ?? '',
  )?.[1];
  expect(link).toMatch(new RegExp(`/timeline/${ref}\\.html\\?token=[\\w-]{43}$`));
  const served = await fetch(link!);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const page = await served.text();
  expect(page).toMatch(/^<!doctype html>/);
  expect(page).toContain(`<title>Course ${ref}: timeline</title>`);
  // The same drawing as `course timeline --html`: every open duty has its bar, and the now line.
  const drawn = await cli('course', 'timeline', ref);
  expect(drawn.code).toBe(0);
  for (const o of courses[0]!.view.openObligations) {
    expect(page).toContain(o.rule);
    expect(drawn.stdout).toContain(o.rule);
  }
  expect(page).toContain('now');

  // The token is the course's own: the calendar's, another course's or none is refused; no such course is 404.
  const token = new URL(link!).searchParams.get('token')!;
  const base = `http://127.0.0.1:${config.CALENDAR_PORT}`;
  expect((await fetch(`${base}/timeline/${courses[1]!.view.courseRef}.html?token=${token}`)).status).toBe(401);
  expect((await fetch(`${base}/timeline/${ref}.html`)).status).toBe(401);
  expect((await fetch(`${base}/timeline/${ref}.ics?token=${token}`)).status).toBe(404);
  const unknown = 'ahus-2026-999999';
  const unknownUrl = signedUrl(config, { kind: 'timeline', courseRef: unknown })!.url;
  expect((await fetch(unknownUrl)).status).toBe(404);
});

test('a gate-only duty stays out, and free text typed into a course never reaches the feed (domain §7)', async () => {
  const b = courses[1]!.view.courseRef;
  const canaries = ['Kari Nordmann', identityNumberLike, 'truet naboen'];
  await recordEvent(env.client, b, { kind: 'dischargeProcessStarted', by: canaries[0] });
  // The identity number is refused at the update validator (domain/edge.ts); the other free text gets in.
  await expect(
    recordEvent(env.client, b, { kind: 'override', gate: 'firstLeave', reason: canaries.join(', ') }),
  ).rejects.toThrow();
  const typed = canaries.filter((c) => c !== identityNumberLike).join(', ');
  await recordEvent(env.client, b, { kind: 'override', gate: 'firstLeave', reason: typed });
  const view = await env.client.workflow.getHandle(b).query(courseStateQuery);
  expect(JSON.stringify(view)).toContain(canaries[2]);
  // The discharge process opens DIS-EMERGENCY for the ward: it gates the discharge and has no deadline.
  expect(view.openObligations.find((o) => o.rule === 'DIS-EMERGENCY')).toMatchObject({ who: ['ward'] });
  expect(view.openObligations.find((o) => o.rule === 'DIS-EMERGENCY')?.dueAt).toBeUndefined();
  const ics = (await cli('calendar', '--mailbox', shared)).stdout;
  const uids = vevents(ics).map((e) => e.UID);
  expect(uids.sort()).toEqual(expectedUids([courses[0]!, { view, team: courses[1]!.team }], shared));
  expect(uids.filter((u) => u.includes('DIS-EMERGENCY'))).toEqual([]);
  expect(uids.filter((u) => u.includes(`${b}/DIS-SHADOWING`))).toHaveLength(1);
  for (const canary of canaries) expect(ics).not.toContain(canary);
});

test('the settings: a feed port needs a secret, and a URL needs both', async () => {
  expect(() => loadConfig({ CALENDAR_PORT: '9000' })).toThrow(/CALENDAR_SECRET: must be set when CALENDAR_PORT is/);
  expect(() => loadConfig({ CALENDAR_SECRET: 'short' })).toThrow(/CALENDAR_SECRET: must be at least 32 characters/);
  const unset = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CALENDAR_')));
  const run = await promisify(execFile)(bin, ['calendar', '--mailbox', shared, '--url'], { env: unset }).catch(
    (err: { code: number; stderr: string }) => err,
  );
  expect(run).toMatchObject({
    code: 1,
    stderr: 'forlopsvakt: set CALENDAR_SECRET (the same as the worker has) to make a URL\n',
  });
});
