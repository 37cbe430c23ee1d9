// Privacy guard (docs/spec/domain.md §7: a reminder carries no health information and no patient
// identity). A name and national identity numbers are planted in every free field and label the
// product accepts: the start input (course reference, labels, care team, first event), each
// event's strings, the CLI's arguments and the CSV import's cells. What the edge refuses
// (domain/edge.ts: an identity number anywhere, a label off the profile's list in
// domain/labels/*.json, a reference off the pattern) is refused without repeating the value; what
// it accepts (a name in `by` or in an override's reason) never reaches what is shown unencrypted:
// workflow ids, search attributes, the static summary and details, the current details, timer and
// activity summaries, log lines, e-mails, error messages, and, with payload encryption on
// (codec/aes-gcm.ts), no payload of the raw history holds it in plain text.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../config';
import { codecFromConfig, dataConverterFor, ENCRYPTED_ENCODING } from '../codec/aes-gcm';
import { startCourseWorkflow, recordEvent } from '../client/courses';
import type { StartInput } from '../domain';
import { createWorker, installRuntime } from '../worker';
import { eventsQuery } from '../workflows/contract';
import { smtpSender } from '../activities/email/smtp';
import { localEnv } from './helpers/temporal';
import { smtpSink, type SmtpSink } from './helpers/smtp';
import { runCli } from './helpers/cli';
import { careTeam, dNumberLike, identityNumberLike, startInput } from './helpers/fixtures';

const name = 'Kari Nordmann';
const health = ['paranoid schizofreni', 'truet naboen'];
const numbers = [identityNumberLike, dNumberLike];
const canaries = [name, ...numbers, ...health];

const queue = 'privacy';
const logLines: string[] = [];
/** Every refusal's message, checked with the other surfaces. */
const errors: string[] = [];
let env: TestWorkflowEnvironment;
let sink: SmtpSink;
let config: Config;
/** A client with the worker's codec, as every client of the product has (config/temporal.ts). */
let client: Client;
let worker: Worker;
let running: Promise<void>;
let courseRef: string;

const key = () => randomBytes(32).toString('base64');
/** A refusal's message and its cause's, as a caller (the CLI, an integration) would show them. */
const messageOf = (err: unknown): string =>
  `${(err as Error).message} ${((err as Error).cause as Error | undefined)?.message ?? ''}`;
async function refusal(action: Promise<unknown>): Promise<string> {
  const message = await action.then(
    () => 'accepted',
    (err: unknown) => messageOf(err),
  );
  errors.push(message);
  return message;
}
/** `forlopsvakt` as an admin runs it, against this file's server and worker. */
const cli = (...args: string[]) =>
  runCli(
    {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: queue,
      CODEC_KEYS: config.CODEC_KEYS!,
      CODEC_ACTIVE_KEY_ID: config.CODEC_ACTIVE_KEY_ID!,
    },
    ...args,
  );

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation((line: string) => void logLines.push(String(line)));
  installRuntime({ LOG_LEVEL: 'DEBUG' });
  [env, sink] = await Promise.all([localEnv(), smtpSink({})]);
  config = loadConfig({
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: queue,
    SMTP_PORT: String(sink.port),
    CODEC_KEYS: `privacy-1:${key()}`,
    CODEC_ACTIVE_KEY_ID: 'privacy-1',
  });
  client = new Client({ connection: env.connection, dataConverter: dataConverterFor(config) });
  worker = await createWorker(config, smtpSender(config));
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await sink?.close();
  await env?.teardown();
});

test('a start with a name or an identity number in any field or label is refused without repeating it', async () => {
  const first = startInput('forensic-tud', 'ahus').firstEvent;
  const member = (mailbox: string, manager?: string) => ({ mailbox, ...(manager ? { manager } : {}) });
  const planted: [field: string, value: string, overrides: Partial<StartInput>][] = [
    ...[name, ...numbers, `ahus-2026-${numbers[0]}`].map((v): [string, string, Partial<StartInput>] => [
      'courseRef',
      v,
      { courseRef: v },
    ]),
    ...[name, ...numbers].flatMap((v): [string, string, Partial<StartInput>][] => [
      ['labels.hospitalUnit', v, { labels: { hospitalUnit: v } }],
      ['labels.municipality', v, { labels: { municipality: v } }],
      ['firstEvent.id', v, { firstEvent: { ...first, id: v } }],
    ]),
    ...numbers.flatMap((v): [string, string, Partial<StartInput>][] => [
      ['careTeam.ward.mailbox', v, { careTeam: { ...careTeam, ward: member(`${v}@hospital.test`) } }],
      [
        'careTeam.ward.manager',
        v,
        { careTeam: { ...careTeam, ward: member('ward@hospital.test', `${v}@hospital.test`) } },
      ],
      ['firstEvent.by', v, { firstEvent: { ...first, by: v } }],
    ]),
    ['careTeam.ward.mailbox', name, { careTeam: { ...careTeam, ward: member(`${name}@hospital.test`) } }],
    ['profile', name, { profile: name }],
    ['kind', name, { kind: name as StartInput['kind'] }],
    ['firstEvent.at', name, { firstEvent: { ...first, at: name } }],
  ];
  for (const [field, value, overrides] of planted) {
    const message = await refusal(startCourseWorkflow(client, config, startInput('forensic-tud', 'ahus', overrides)));
    expect({ field, refused: message !== 'accepted', repeated: message.includes(value) }).toEqual({
      field,
      refused: true,
      repeated: false,
    });
  }
  // Nothing reached Temporal.
  const started: string[] = [];
  for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${queue}'` })) started.push(wf.workflowId);
  expect(started).toEqual([]);
});

test('the CSV import refuses a planted cell, names its column and never the value', async () => {
  const columns = ['ref', 'kind', 'profile', 'at', 'hospitalUnit', 'municipality', 'hasMunicipalServices'];
  const roleColumns = ['ward', 'ward.manager', 'caseOffice'];
  const good: Record<string, string> = {
    ref: 'ahus-2026-000901',
    kind: 'forensic-tud',
    profile: 'ahus',
    at: '',
    hospitalUnit: 'Sikkerhetspsykiatri',
    municipality: 'Lillestrøm',
    hasMunicipalServices: 'true',
    ward: 'ward@hospital.test',
    'ward.manager': 'ward-manager@hospital.test',
    caseOffice: 'case-office@municipality.test',
  };
  const cell = (column: string, value: string) =>
    column === 'ward' || column === 'ward.manager' || column === 'caseOffice' ? `${value}@hospital.test` : value;
  const rows = [...columns, ...roleColumns].flatMap((column) =>
    [name, ...numbers].map((value, k) => ({
      ...good,
      ref: `ahus-2026-${String(910 + k).padStart(6, '0')}`,
      [column]: cell(column, value),
    })),
  );
  const header = Object.keys(good);
  const csv = join(mkdtempSync(join(tmpdir(), 'forlopsvakt-privacy-')), 'courses.csv');
  writeFileSync(csv, [header, ...rows.map((r) => header.map((c) => r[c]))].map((r) => r.join(',')).join('\n'));
  const run = await cli('import', csv, '--json');
  errors.push(run.stdout, run.stderr);
  const report = JSON.parse(run.stdout) as { status: string; column?: string }[];
  expect(report.map((r) => r.status)).toEqual(rows.map(() => 'rejected'));
  for (const canary of canaries)
    expect({ canary, rows: report.filter((r) => JSON.stringify(r).includes(canary)), stderr: run.stderr }).toEqual({
      canary,
      rows: [],
      stderr: '',
    });
});

test('a running course: a planted identity number is refused in every event field, by the API and the CLI', async () => {
  const input = startInput('forensic-tud', 'ahus', {
    labels: { hospitalUnit: 'Sikkerhetspsykiatri', municipality: 'Lillestrøm' },
    firstEvent: {
      kind: 'admission',
      hasMunicipalServices: true,
      by: name,
      at: new Date(Date.now() - 24 * 3_600_000 + 3_000).toISOString(),
    },
  });
  courseRef = input.courseRef;
  await startCourseWorkflow(client, config, input);
  const team = (mailbox: string) => ({ careTeam: { ...careTeam, ward: { mailbox } } });
  const events = (v: string): [string, Record<string, unknown>][] => [
    ['by', { kind: 'dischargeProcessStarted', by: v }],
    ['id', { kind: 'dischargeProcessStarted', id: v }],
    ['at', { kind: 'dischargeProcessStarted', at: v }],
    ['reason', { kind: 'override', gate: 'firstLeave', reason: `${v}: ${health.join(', ')}, leave agreed` }],
    ['rule', { kind: 'taskDone', rule: v }],
    ['message', { kind: 'messageSent', message: v }],
    ['receiveOn', { kind: 'answerReceived', receiveOn: v }],
    ['careTeam', { kind: 'careTeamChanged', ...team(`${v}@hospital.test`) }],
    ['unknown field', { kind: 'dischargeProcessStarted', note: v }],
  ];
  for (const value of numbers)
    for (const [field, event] of events(value)) {
      const message = await refusal(recordEvent(client, courseRef, event));
      expect({ field, refused: message !== 'accepted', repeated: message.includes(value) }).toEqual({
        field,
        refused: true,
        repeated: false,
      });
    }
  // A name where only a code or an instant belongs is refused too, and not repeated.
  for (const [field, event] of events(name).filter(([f]) => !['by', 'reason'].includes(f))) {
    const message = await refusal(recordEvent(client, courseRef, event));
    expect({ field, refused: message !== 'accepted', repeated: message.includes(name) }).toEqual({
      field,
      refused: true,
      repeated: false,
    });
  }
  // An identity number as the course reference, in `--by` and in `--reason`.
  const runs = await Promise.all([
    cli('course', 'event', numbers[0]!, 'dischargeProcessStarted'),
    cli('course', 'event', courseRef, 'dischargeProcessStarted', '--by', numbers[1]!),
    cli('course', 'override', courseRef, 'firstLeave', '--reason', `${numbers[0]}: leave agreed`, '--by', 'admin-7'),
    cli(
      'course',
      'start',
      '--data',
      JSON.stringify({ ...input, courseRef: 'ahus-2026-000990', labels: { municipality: name } }),
    ),
  ]);
  for (const run of runs) {
    errors.push(run.stdout, run.stderr);
    expect(run.code).not.toBe(0);
  }
  expect(runs[0]!.stderr).toMatch(/national identity number/);
});

test('accepted names and free text stay out of every unencrypted surface', async () => {
  const reason = `${name}, ${health.join(', ')}: leave agreed`;
  // Through the CLI, as an admin types them.
  for (const args of [
    ['course', 'event', courseRef, 'dischargeProcessStarted', '--by', name],
    ['course', 'override', courseRef, 'firstLeave', '--reason', reason, '--by', name],
  ]) {
    const run = await cli(...args);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    errors.push(run.stdout);
  }
  // Domain §9.7: the out-of-hours clinic is told before every leave.
  await recordEvent(client, courseRef, { kind: 'messageSent', message: 'emergencyClinicInformed', by: name });
  await recordEvent(client, courseRef, { kind: 'leaveStarted', by: name });
  await recordEvent(client, courseRef, { kind: 'breach', by: name });
  for (let i = 0; i < 60 && !sink.accepted.some((m) => m.subject?.startsWith('Frist nådd')); i++)
    await new Promise((r) => setTimeout(r, 250));
  expect(sink.accepted.map((m) => m.subject)).toEqual(expect.arrayContaining([expect.stringMatching(/^Frist nådd/)]));

  const ids: string[] = [];
  const listed: unknown[] = [];
  for await (const wf of env.client.workflow.list({ query: `TaskQueue = '${queue}'` })) {
    ids.push(wf.workflowId);
    listed.push(wf.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
  }
  expect(ids).toEqual([courseRef]);
  const handle = client.workflow.getHandle(courseRef);
  const described = await handle.describe();
  const staticSummary = await described.staticSummary();
  const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  expect(metadata.currentDetails).toContain('|');

  // The timer and activity summaries of the history, decoded as the UI shows them.
  const codec = codecFromConfig(config)!;
  const decode = async (p: Payload): Promise<unknown> => {
    const encrypted = Buffer.from(p.metadata?.encoding ?? []).toString() === ENCRYPTED_ENCODING;
    return defaultPayloadConverter.fromPayload(encrypted ? (await codec.decode([p]))[0]! : p);
  };
  const history = await env.client.workflow.getHandle(courseRef).fetchHistory();
  const summaries = await Promise.all(
    (history.events ?? []).flatMap((e) => (e.userMetadata?.summary ? [decode(e.userMetadata.summary as Payload)] : [])),
  );
  expect(summaries.length).toBeGreaterThan(3);

  // The raw history as a client without the codec reads it: every string and every payload's bytes.
  const raw: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') raw.push(value);
    else if (value instanceof Uint8Array) raw.push(Buffer.from(value).toString('utf8'));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(history);
  // The walk reads what the server stores: the reference in the clear, the inputs as ciphertext.
  expect(raw.join('\n')).toContain(courseRef);
  expect(raw).toContain(ENCRYPTED_ENCODING);

  const places = {
    'workflow ids': ids.join('\n'),
    'search attributes (list)': JSON.stringify(listed),
    'search attributes (describe)': JSON.stringify([
      described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]),
      described.searchAttributes,
    ]),
    'static summary and details': `${staticSummary ?? ''}\n${(await described.staticDetails()) ?? ''}`,
    'current details': metadata.currentDetails ?? '',
    'timer and activity summaries': JSON.stringify(summaries),
    'raw history': raw.join('\n'),
    'log lines': logLines.join('\n'),
    'e-mails': sink.accepted
      .map((m) => [m.subject, m.text, m.html, ...m.attachments.map((a) => a.content.toString())].join('\n'))
      .join('\n'),
    'error messages and CLI output': errors.join('\n'),
  };
  expect(staticSummary).toContain(courseRef);
  expect(logLines.some((l) => l.includes('reminder sent'))).toBe(true);
  for (const [place, text] of Object.entries(places))
    for (const canary of canaries)
      expect({ place, canary, found: text.split('\n').filter((line) => line.includes(canary)) }).toEqual({
        place,
        canary,
        found: [],
      });
  // The name did reach the course, encrypted: the audit trail keeps who recorded each event.
  const events = await handle.query(eventsQuery);
  expect(events.filter((e) => e.by === name).length).toBeGreaterThan(3);
  await handle.terminate();
}, 120_000);
