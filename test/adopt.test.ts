// Adopting courses already under way at go-live (domain §9.6) against the real dev server: a worker
// (worker/index.ts) sending over SMTP to a real sink, the CLI as an admin runs it. One course of each
// kind from three years back: every duty overdue at adoption is in the adopt command's answer and in
// `course show`; one summary e-mail per responsible role arrives and no reminder for the past. Then
// `import --adopt` with a bad row: reported by row and column, it starts nothing; a second run
// starts nothing twice. Every wait is for a condition (a message, a poller, no delivery pending).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { loadConfig } from '../config';
import { connectClient } from '../config/temporal';
import { createWorker } from '../worker';
import { smtpSender } from '../activities/email/smtp';
import type { CourseView, OverdueAtAdoption, Role } from '../domain';
import { localEnv } from './helpers/temporal';
import { runCli } from './helpers/cli';
import { keyOf, smtpSink, recipientOf, type SmtpSink } from './helpers/smtp';
import { settled, until } from './helpers/waits';
import { careTeam, newRef } from './helpers/fixtures';

const DAY = 24 * 3_600_000;
/** A date `days` back, as the admin would type it (YYYY-MM-DD in the JSON's instants: noon UTC). */
const back = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const threeYears = 3 * 365;

const adoptions = () => [
  {
    start: { courseRef: newRef('ahus'), kind: 'forensic-tud', profile: 'ahus', careTeam },
    facts: [
      { kind: 'admission', hasMunicipalServices: true, at: back(threeYears + 200) },
      { kind: 'dischargeProcessStarted', at: back(threeYears + 60) },
      { kind: 'dischargedToTud', at: back(threeYears) },
      { kind: 'meetingHeld', meeting: 'collaboration', at: back(40) },
      { kind: 'ermReported', at: back(3) },
      // Over a year ago: the next update was due about three months ago.
      { kind: 'planUpdated', plan: 'protection', at: back(455) },
    ],
  },
  {
    start: { courseRef: newRef('hnt'), kind: 'admission-discharge', profile: 'hnt', careTeam },
    facts: [{ kind: 'admission', hasMunicipalServices: true, at: back(threeYears) }],
  },
  {
    start: { courseRef: newRef('unn'), kind: 'long-term-coordinated', profile: 'unn', careTeam },
    facts: [
      { kind: 'courseStarted', formerCompulsoryCare: true, at: back(threeYears) },
      { kind: 'taskDone', rule: 'LT-SOMATIC', at: back(500) },
    ],
  },
  {
    start: { courseRef: newRef('ahus'), kind: 'agreement-review', profile: 'ahus', careTeam },
    facts: [{ kind: 'courseStarted', at: back(threeYears) }],
  },
];

describe('adopting courses under way (domain §9.6)', () => {
  let env: TestWorkflowEnvironment;
  let sink: SmtpSink;
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  const queue = 'adopt';
  const cli = (...args: string[]) => runCli({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: queue }, ...args);
  const dir = mkdtempSync(join(tmpdir(), 'forlopsvakt-adopt-'));

  beforeAll(async () => {
    env = await localEnv();
    sink = await smtpSink();
    const config = loadConfig({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: queue,
      SMTP_PORT: String(sink.port),
      LOG_LEVEL: 'WARN',
    });
    worker = await createWorker(config, smtpSender(config));
    running = worker.run();
    client = await connectClient(config);
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await client?.connection.close();
    await sink?.close();
    await env?.teardown();
  });

  test('one course of each kind from three years back: overdue listed once, one summary per role', async () => {
    for (const adoption of adoptions()) {
      const ref = adoption.start.courseRef;
      const file = join(dir, `${ref}.json`);
      writeFileSync(file, JSON.stringify(adoption));
      const run = await cli('course', 'adopt', '--file', file, '--by', 'admin-7', '--json');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const answer = JSON.parse(run.stdout) as { courseRef: string; overdue: OverdueAtAdoption[] };
      expect(answer.courseRef).toBe(ref);
      expect(answer.overdue.length).toBeGreaterThan(0);
      if (adoption.start.kind === 'forensic-tud')
        expect(answer.overdue.filter((o) => o.rule === 'TUD-PLAN')).toHaveLength(1);

      // The same list in `course show`, as JSON and as text.
      const show = await cli('course', 'show', ref, '--json');
      const view = JSON.parse(show.stdout) as CourseView;
      expect(view.overdueAtAdoption!.map((o) => o.obligation)).toEqual(answer.overdue.map((o) => o.obligation));
      const text = (await cli('course', 'show', ref, '--audit')).stdout;
      expect(text).toContain('Overdue at adoption:');
      for (const o of answer.overdue) expect(text).toContain(o.obligation);
      expect(text).toMatch(/(courseStarted|admission) \(adopted\) +admin-7/);

      // One summary per responsible role, then nothing else once no delivery is pending.
      const roles = [...new Set(answer.overdue.flatMap((o) => o.who))] as Role[];
      const expected = roles.map((role) => `${ref}/adoption/adopted/${role}`).sort();
      const mine = () => sink.accepted.filter((m) => keyOf(m).startsWith(`${ref}/`));
      await until(`the summaries of ${ref}`, () => mine().length >= expected.length);
      await settled(client, [ref]);
      expect(mine().map(keyOf).sort()).toEqual(expected);
      for (const m of mine()) {
        const role = keyOf(m).split('/').at(-1) as Role;
        expect(recipientOf(m)).toBe(careTeam[role]!.mailbox);
        expect(m.subject).toContain('Forsinket ved overtakelse');
        for (const o of answer.overdue.filter((x) => x.who.includes(role))) expect(m.text).toContain(o.rule);
      }
    }
  });

  test('import --adopt: a bad row is named by row and column and starts nothing; a re-run starts nothing twice', async () => {
    const good = newRef('ahus');
    const bad = newRef('ahus');
    const header =
      'ref,kind,profile,hasMunicipalServices,responsibleClinician,caseOffice,municipalCoordinator,admission,dischargeProcess,dischargedToTud,lastPlanUpdate';
    const csv = [
      header,
      `${good},forensic-tud,ahus,true,clinician@hospital.test,case-office@municipality.test,coordinator@municipality.test,2023-01-10,2023-04-01,2023-06-15,2025-09-01`,
      // Discharged to TUD before the admission: the dates contradict each other.
      `${bad},forensic-tud,ahus,true,clinician@hospital.test,case-office@municipality.test,coordinator@municipality.test,2023-07-01,,2023-06-15,`,
    ].join('\n');
    const file = join(dir, 'adopt.csv');
    writeFileSync(file, csv);
    const first = await cli('import', '--adopt', file, '--json');
    expect(first.code).toBe(1);
    const rows = JSON.parse(first.stdout) as {
      row: number;
      ref: string;
      status: string;
      column?: string;
      error?: string;
    }[];
    expect(rows[0]).toMatchObject({ row: 2, ref: good, status: 'started' });
    expect(rows[1]).toMatchObject({ row: 3, ref: bad, status: 'rejected', column: 'dischargedToTud' });
    expect(rows[1]!.error).toContain('admission');
    await expect(client.workflow.getHandle(bad).describe()).rejects.toThrow();

    const second = await cli('import', '--adopt', file, '--json');
    const again = JSON.parse(second.stdout) as { status: string }[];
    expect(again.map((r) => r.status)).toEqual(['exists', 'rejected']);
    const text = (await cli('import', '--adopt', file)).stdout;
    expect(text).toContain('0 adopted, 1 already existed, 1 rejected');
    expect(text).toMatch(/row 3 .*column dischargedToTud/);

    // The good row: its plan update from 2025-09-01 was due 2026-09-01 (start of the day in Oslo).
    const view = await client.workflow.getHandle(good).query<CourseView>('courseState');
    expect(view.openObligations.filter((o) => o.rule === 'TUD-PLAN').map((o) => o.dueAt)).toEqual([
      '2026-08-31T22:00:00.000Z',
    ]);
  });
});
