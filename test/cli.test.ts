// The CLI as an admin runs it: real commands (bin/forlopsvakt) against the dev server with a worker.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bin, cliAgainstDevServer, runCli } from './helpers/cli';
import { careTeam, dNumberLike, identityNumberLike, newRef, startInput } from './helpers/fixtures';

const queue = 'cli-test';
const harness = cliAgainstDevServer(queue);
const cli = harness.cli;

const json = async <T>(...args: string[]): Promise<T> => {
  const run = await cli(...args, '--json');
  expect(run).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as T;
};
async function eventually<T>(fn: () => Promise<T>, ok: (t: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await fn();
    if (ok(value) || i > 40) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('--help on every command', async () => {
  for (const args of [
    [],
    ['course'],
    ['course', 'start'],
    ['course', 'event'],
    ['course', 'show'],
    ['course', 'list'],
    ['course', 'override'],
    ['import'],
    ['rules'],
    ['dev'],
    ['worker'],
  ]) {
    const run = await cli(...args, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: forlopsvakt/);
  }
});

test('start, event, show, override, and one clear line on a rejection', async () => {
  const input = startInput('forensic-tud', 'hnt', { labels: { municipality: 'Levanger' } });
  expect((await cli('course', 'start', '--data', JSON.stringify(input))).stdout).toBe(
    `started course ${input.courseRef}\n`,
  );
  const recorded = await cli(
    'course',
    'event',
    input.courseRef,
    'messageSent',
    '--data',
    '{"message":"admissionNotice"}',
    '--by',
    'clerk-7',
  );
  expect(recorded.stdout).toMatch(
    new RegExp(`^recorded #2 messageSent on ${input.courseRef} at .*; phase admitted\n$`),
  );

  const rejected = await cli('course', 'event', input.courseRef, 'leaveStarted');
  expect(rejected.code).toBe(1);
  expect(rejected.stderr).toBe(
    "forlopsvakt: rejected: 'leaveStarted' is not allowed in phase 'admitted' of a forensic-tud course (allowed in: dischargeProcess, dischargeReady)\n",
  );
  const future = await cli('course', 'event', input.courseRef, 'dialogueHeld', '--at', '2099-01-01T10:00:00+01:00');
  expect(future.stderr).toMatch(/^forlopsvakt: rejected: 'at' 2099-01-01T10:00:00\+01:00 is in the future/);
  expect((await cli('course', 'event', 'no-such-course', 'dialogueHeld')).stderr).toMatch(
    /^forlopsvakt: no course with that reference/,
  );
  expect((await cli('course', 'event', input.courseRef, 'messageSent', '--data', '{oops')).stderr).toMatch(
    /^forlopsvakt: --data must be a JSON object/,
  );

  const shown = await cli('course', 'show', input.courseRef);
  expect(shown.stdout).toContain(`${input.courseRef}  forensic-tud  profile hnt  phase admitted`);
  expect(shown.stdout).toMatch(/ADM-REPORT/);
  await cli('course', 'event', input.courseRef, 'dischargeProcessStarted');
  const override = await cli(
    'course',
    'override',
    input.courseRef,
    'firstLeave',
    '--reason',
    'Court-ordered trial leave',
    '--by',
    'chief-1',
  );
  expect(override.stdout).toMatch(/override of gate firstLeave recorded/);
  const audit = await json<{ events: { kind: string; by?: string }[]; overrides: { reason: string }[] }>(
    'course',
    'show',
    input.courseRef,
    '--audit',
  );
  expect(audit.events.map((e) => [e.kind, e.by ?? null])).toEqual([
    ['admission', null],
    ['messageSent', 'clerk-7'],
    ['dischargeProcessStarted', null],
    ['override', 'chief-1'],
  ]);
  expect(audit.overrides.map((o) => o.reason)).toEqual(['Court-ordered trial leave']);
});

test('labels from the lists, references in the pattern, no identity number: refused at start and event without repeating the value', async () => {
  const fnr = identityNumberLike;
  const start = (input: object) => cli('course', 'start', '--data', JSON.stringify(input));
  const outside = await start(startInput('forensic-tud', 'hnt', { labels: { municipality: 'Tromsø' } }));
  expect(outside).toMatchObject({ code: 1, stdout: '' });
  expect(outside.stderr).toBe(
    'forlopsvakt: Invalid course start: labels.municipality: not a municipality of the hnt agreement (see domain/labels/hnt.json)\n',
  );
  const ref = await start(startInput('forensic-tud', 'hnt', { courseRef: 'kari-nordmann' }));
  expect(ref.stderr).toMatch(
    /^forlopsvakt: Invalid course start: courseRef: must follow the course reference pattern /,
  );
  expect(ref.stderr).not.toContain('kari-nordmann');
  for (const overrides of [
    { labels: { hospitalUnit: `Pasient ${fnr}` } },
    { courseRef: `hnt-${fnr}` },
    { careTeam: { ...careTeam, gp: { mailbox: `${dNumberLike}@clinic.test` } } },
  ]) {
    const run = await start(startInput('forensic-tud', 'hnt', overrides));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^forlopsvakt: Invalid course start: [\w.]+: looks like a national identity number/);
    expect(run.stderr).not.toContain(fnr);
    expect(run.stderr).not.toContain(dNumberLike);
  }
  // A COURSE_REF_PATTERN of the installation replaces the default.
  const own = startInput('forensic-tud', 'hnt', { courseRef: 'pas-000042' });
  const configured = await runCli(
    { TEMPORAL_ADDRESS: harness.env.address, TEMPORAL_TASK_QUEUE: queue, COURSE_REF_PATTERN: '^pas-\\d{6}$' },
    'course',
    'start',
    '--data',
    JSON.stringify(own),
  );
  expect(configured).toMatchObject({ code: 0, stdout: 'started course pas-000042\n' });

  const input = startInput('forensic-tud', 'hnt', {
    labels: { municipality: 'Levanger', hospitalUnit: 'DPS Levanger' },
  });
  expect((await start(input)).code).toBe(0);
  const by = await cli('course', 'event', input.courseRef, 'dialogueHeld', '--by', fnr);
  expect(by).toMatchObject({ code: 1, stdout: '' });
  expect(by.stderr).toBe(
    'forlopsvakt: rejected: Invalid event: by: looks like a national identity number; use an opaque reference, never the patient\n',
  );
  await cli('course', 'event', input.courseRef, 'dischargeProcessStarted');
  const reason = await cli('course', 'override', input.courseRef, 'firstLeave', '--reason', `Avtalt for ${fnr}`);
  expect(reason.stderr).toMatch(/^forlopsvakt: rejected: Invalid event: reason: looks like a national identity number/);
  expect(reason.stderr).not.toContain(fnr);
  const unknown = await cli('course', 'event', fnr, 'dialogueHeld');
  expect(unknown.stderr).toMatch(
    /^forlopsvakt: Invalid course reference: courseRef: looks like a national identity number/,
  );
  expect(unknown.stderr).not.toContain(fnr);
  const audit = await json<{ events: { kind: string }[] }>('course', 'show', input.courseRef, '--audit');
  expect(audit.events.map((e) => e.kind)).toEqual(['admission', 'dischargeProcessStarted']);
});

test('list filters by kind, profile, phase, municipality and overdue', async () => {
  const overdueRef = newRef('late');
  const at = new Date(Date.now() - 30 * 3_600_000).toISOString();
  await cli(
    'course',
    'start',
    '--data',
    JSON.stringify(
      startInput('admission-discharge', 'unn', {
        courseRef: overdueRef,
        labels: { municipality: 'Tromsø' },
        firstEvent: { kind: 'admission', hasMunicipalServices: true, at },
      }),
    ),
  );
  const fresh = startInput('long-term-coordinated', 'ahus', { labels: { municipality: 'Lillestrøm' } });
  await cli('course', 'start', '--data', JSON.stringify(fresh));
  type Row = { courseRef: string; overdue: number; phase: string };
  const refs = async (...filters: string[]) =>
    (await json<Row[]>('course', 'list', ...filters)).map((r) => r.courseRef);
  const overdue = await eventually(
    () => refs('--overdue'),
    (r) => r.includes(overdueRef),
  );
  expect(overdue).toContain(overdueRef);
  expect(overdue).not.toContain(fresh.courseRef);
  expect(
    await eventually(
      () => refs('--kind', 'long-term-coordinated'),
      (r) => r.includes(fresh.courseRef),
    ),
  ).toEqual([fresh.courseRef]);
  expect(await refs('--municipality', 'Tromsø')).toEqual([overdueRef]);
  expect(await refs('--profile', 'unn', '--phase', 'admitted')).toContain(overdueRef);
  const bad = await cli('course', 'list', '--phase', "x' OR 1=1");
  expect(bad.stderr).toBe('forlopsvakt: --phase has characters that are not allowed: "x\' OR 1=1"\n');
});

test('import: good rows start, bad rows are reported and start nothing, a re-run starts nothing twice, a TTY gets a progress bar', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'forlopsvakt-import-'));
  const [good1, good2, bad, outside] = [newRef('imp'), newRef('imp'), newRef('imp'), newRef('imp')];
  const csv = join(dir, 'courses.csv');
  const header = 'ref,kind,profile,at,municipality,hasMunicipalServices,ward,ward.manager,caseOffice';
  const row = (ref: string, kind: string, flag = 'true', municipality = 'Lørenskog') =>
    [
      ref,
      kind,
      'ahus',
      '',
      municipality,
      flag,
      careTeam.ward!.mailbox,
      careTeam.ward!.manager,
      careTeam.caseOffice!.mailbox,
    ].join(',');
  writeFileSync(
    csv,
    [
      header,
      row(good1, 'admission-discharge'),
      row(bad, 'admission-discharge', 'maybe'),
      row(good2, 'forensic-tud'),
      row(outside, 'forensic-tud', 'true', 'Asker'),
      row(`ahus-${identityNumberLike}`, 'forensic-tud'),
    ].join('\n'),
  );

  const first = await cli('import', csv);
  expect(first.code).toBe(1);
  expect(first.stdout).toBe(
    [
      '2 started, 0 already existed, 3 rejected',
      // The bad cell is not repeated (domain §7): it could hold a name typed into the wrong column.
      `row 3 (${bad}): hasMunicipalServices must be true or false`,
      `row 5 (${outside}): column municipality: not a municipality of the ahus agreement (see domain/labels/ahus.json)`,
      'row 6 (no ref): column ref: looks like a national identity number; use an opaque reference, never the patient',
      '',
    ].join('\n'),
  );
  expect(first.stdout).not.toContain('Asker');
  for (const ref of [bad, outside])
    await expect(harness.env.client.workflow.getHandle(ref).describe()).rejects.toThrow();

  const rerun = await cli('import', csv, '--json');
  expect(rerun.code).toBe(1); // the bad row is still bad
  const again = JSON.parse(rerun.stdout) as { ref: string; status: string; column?: string }[];
  expect(again.map((r) => [r.ref, r.status, r.column ?? null])).toEqual([
    [good1, 'exists', null],
    [bad, 'rejected', null],
    [good2, 'exists', null],
    [outside, 'rejected', 'municipality'],
    ['', 'rejected', 'ref'],
  ]);
  expect(rerun.stdout).not.toContain(identityNumberLike);

  // On a terminal (a pseudo-TTY from `script`), the import shows a progress bar.
  const tty = await promisify(execFile)('script', ['-qec', `${bin} import ${csv}`, '/dev/null'], {
    env: { ...process.env, TEMPORAL_ADDRESS: harness.env.address, TEMPORAL_TASK_QUEUE: queue },
  }).then(
    ({ stdout }) => stdout,
    (err: { stdout: string }) => err.stdout,
  );
  expect(tty).toMatch(/importing \[.*\] 5\/5 rows/);
});

test('rules prints the rules a profile has: the agreement rules with their sections, and its labelled local defaults', async () => {
  type Row = { id: string; deadline: string; source: string; basis: string };
  const rows = await json<Row[]>('rules', '--profile', 'hnt');
  // 47 rules in the catalogue; HNT lacks UNN's meeting summary (domain §9.9).
  expect(rows).toHaveLength(46);
  expect(rows.map((r) => r.id)).not.toContain('DIS-MEETING-SUMMARY');
  expect(rows.find((r) => r.id === 'ADM-REPORT')).toMatchObject({
    deadline: '4 hours (agreement, vedlegg §1.1g)',
    source: 'HNT retningslinje 1 vedlegg §1.1g',
    basis: 'agreement',
  });
  expect(rows.find((r) => r.id === 'DIS-READY')?.deadline).toBe('within the notice window 08:00–15:00 on working days');
  // HNT's agreement has no admission notice rule: here it is a local default, and says so (domain §9.1).
  expect(rows.find((r) => r.id === 'ADM-NOTICE')).toMatchObject({
    source: 'Local default (not in the agreement)',
    basis: 'local default',
  });
});
