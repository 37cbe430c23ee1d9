// Payload encryption: a history read without the codec holds only ciphertext; with it, the
// plaintext. Keys rotate by id. The codec server decrypts for the Temporal UI's origin with a
// bearer token, and the dev server's UI can be pointed at it.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AesGcmCodec, codecFromConfig } from '../codec/aes-gcm';
import { createCodecServer, MAX_BODY_BYTES, type AccessLog } from '../codec/server';
import { loadConfig } from '../config';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { courseWorker, localEnv, timeSkippingEnv } from './helpers/temporal';
import { startInput } from './helpers/fixtures';
import { recordEventUpdate } from '../workflows/contract';
import { courseWorkflow } from '../workflows';
import { workflowCode } from '../worker/bundle';

const key = () => randomBytes(32).toString('base64');
const settings = {
  CODEC_KEYS: `2026-a:${key()},2026-b:${key()}`,
  CODEC_ACTIVE_KEY_ID: '2026-b',
  CODEC_SERVER_TOKEN: 'a-long-enough-test-token',
};
const config = loadConfig(settings);
const codec = codecFromConfig(config)!;
const reason = 'Trial leave agreed in the responsibility group';

describe('history encryption', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('without the codec only ciphertext; with it the plaintext', async () => {
    const dataConverter = { payloadCodecs: [codec] };
    const worker = await courseWorker(env, 'codec', [], undefined, dataConverter);
    const client = new Client({ connection: env.connection, dataConverter });
    await worker.runUntil(async () => {
      const input = startInput('forensic-tud', 'ahus');
      const handle = await client.workflow.start(courseWorkflow, {
        taskQueue: 'codec',
        workflowId: input.courseRef,
        args: [{ start: input }],
      });
      await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'dischargeProcessStarted' }] });
      await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'override', gate: 'firstLeave', reason }] });
      const history = await env.client.workflow.getHandle(input.courseRef).fetchHistory();
      const raw = JSON.stringify(history);
      expect(raw).not.toContain(reason);
      expect(raw).not.toContain('clinician@hospital.test');
      const started = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
      expect(Buffer.from(started[0]!.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(started[0]!.metadata!['encryption-key-id']!).toString()).toBe('2026-b');
      const updates = history.events!.flatMap(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [],
      );
      const events = await Promise.all(
        updates.map(async (p) => defaultPayloadConverter.fromPayload((await codec.decode([p as never]))[0]!)),
      );
      expect(events).toEqual([{ kind: 'dischargeProcessStarted' }, { kind: 'override', gate: 'firstLeave', reason }]);
      await handle.terminate('test finished');
    });
  });
});

test('a payload written under an older key is read after rotation; an unknown key is named', async () => {
  const [oldKey, newKey] = [key(), key()];
  const before = new AesGcmCodec(new Map([['k1', Buffer.from(oldKey, 'base64')]]), 'k1');
  const after = new AesGcmCodec(
    new Map([
      ['k1', Buffer.from(oldKey, 'base64')],
      ['k2', Buffer.from(newKey, 'base64')],
    ]),
    'k2',
  );
  const payload = defaultPayloadConverter.toPayload({ reason });
  const [old] = await before.encode([payload]);
  expect(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!)).toEqual({ reason });
  const [fresh] = await after.encode([payload]);
  await expect(before.decode([fresh!])).rejects.toThrow("No codec key 'k2'");
});

test('with keys, a plaintext payload is refused, except while the dated migration flag is set', async () => {
  const plain = defaultPayloadConverter.toPayload({ reason });
  await expect(codec.decode([plain])).rejects.toThrow(
    "Refusing a payload that is not encrypted (encoding 'json/plain'): with CODEC_KEYS set every payload must be 'binary/encrypted'",
  );
  const until = (date: string) => codecFromConfig(loadConfig({ ...settings, CODEC_ACCEPT_PLAINTEXT_UNTIL: date }))!;
  expect(await until('2999-12-31').decode([plain])).toEqual([plain]);
  // After its date the flag has no effect (and production start-up refuses it: test/production.test.ts).
  await expect(until('2020-01-01').decode([plain])).rejects.toThrow('Refusing a payload that is not encrypted');
  // The codec server only shows payloads, e.g. a history from before encryption.
  expect(await codecFromConfig(config, 'show')!.decode([plain])).toEqual([plain]);
});

test('a course recorded before encryption keeps running under the migration flag', async () => {
  const env = await timeSkippingEnv();
  try {
    const input = startInput('forensic-tud', 'ahus');
    // Without a workflow cache the first worker leaves no sticky task queue behind, which the
    // time-skipping server would keep routing the next workflow task to.
    const plainWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'migrate',
      ...workflowCode(),
      activities: createActivities({ deliver: async () => undefined }),
      maxCachedWorkflows: 0,
    });
    const handle = await plainWorker.runUntil(async () => {
      const handle = await env.client.workflow.start(courseWorkflow, {
        taskQueue: 'migrate',
        workflowId: input.courseRef,
        args: [{ start: input }],
      });
      await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'dischargeProcessStarted' }] });
      return handle;
    });
    // Now with keys and the flag: the worker replays the plaintext history and takes encrypted updates.
    const keyed = codecFromConfig(loadConfig({ ...settings, CODEC_ACCEPT_PLAINTEXT_UNTIL: '2999-12-31' }))!;
    const worker = await courseWorker(env, 'migrate', [], undefined, { payloadCodecs: [keyed] });
    const client = new Client({ connection: env.connection, dataConverter: { payloadCodecs: [keyed] } });
    await worker.runUntil(async () => {
      await client.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(recordEventUpdate, { args: [{ kind: 'override', gate: 'firstLeave', reason }] });
      const history = JSON.stringify(await env.client.workflow.getHandle(handle.workflowId).fetchHistory());
      expect(history).not.toContain(reason);
      await handle.terminate('test finished');
    });
  } finally {
    await env.teardown();
  }
});

describe('codec server', () => {
  const logged: Parameters<AccessLog>[0][] = [];
  const server = createCodecServer(codec, {
    token: config.CODEC_SERVER_TOKEN!,
    corsOrigin: 'http://127.0.0.1:8233',
    log: (entry) => logged.push(entry),
  });
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  const json = (p: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  });

  test("decodes for a bearer of the token, refuses others, answers the UI origin's preflight", async () => {
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload({ reason })]);
    const body = JSON.stringify({ payloads: [json(encrypted!)] });
    expect((await fetch(`${base}/decode`, { method: 'POST', body })).status).toBe(401);
    expect(
      (
        await fetch(`${base}/decode`, {
          method: 'POST',
          body,
          headers: { authorization: 'Bearer wrong-token-wrong-token' },
        })
      ).status,
    ).toBe(401);
    const ok = await fetch(`${base}/decode`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${config.CODEC_SERVER_TOKEN}`, 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(200);
    const decoded = ((await ok.json()) as { payloads: { data: string }[] }).payloads[0]!;
    expect(JSON.parse(Buffer.from(decoded.data, 'base64').toString())).toEqual({ reason });
    const preflight = await fetch(`${base}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8233', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  test('a body over 1 MiB is refused with 413', async () => {
    const response = await fetch(`${base}/decode`, {
      method: 'POST',
      body: JSON.stringify({ payloads: [{ data: 'A'.repeat(MAX_BODY_BYTES) }] }),
      headers: { authorization: `Bearer ${config.CODEC_SERVER_TOKEN}` },
    });
    expect(response.status).toBe(413);
  });

  test('one access-log line per request: method, path, status and time, never a payload or the token', async () => {
    logged.length = 0;
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload({ reason })]);
    await fetch(`${base}/decode?namespace=default`, {
      method: 'POST',
      body: JSON.stringify({ payloads: [json(encrypted!)] }),
      headers: { authorization: `Bearer ${config.CODEC_SERVER_TOKEN}` },
    });
    await fetch(`${base}/encode`, { method: 'POST', body: '{}' });
    await new Promise((r) => setTimeout(r, 50)); // 'finish' follows the response by a tick
    expect(logged).toEqual([
      { method: 'POST', path: '/decode', status: 200, ms: expect.any(Number) },
      { method: 'POST', path: '/encode', status: 401, ms: expect.any(Number) },
    ]);
    const text = JSON.stringify(logged);
    expect(text).not.toContain(config.CODEC_SERVER_TOKEN!);
    expect(text).not.toContain(Buffer.from(encrypted!.data!).toString('base64').slice(0, 16));
  });
});

test("the dev server's Temporal UI is pointed at the codec server", async () => {
  const env = await localEnv({ ui: true, extraArgs: ['--ui-codec-endpoint', 'http://127.0.0.1:8888'] });
  try {
    const settings = (await (await fetch(`http://127.0.0.1:${env.uiPort}/api/v1/settings`)).json()) as {
      Codec?: { Endpoint?: string };
    };
    expect(settings.Codec?.Endpoint).toBe('http://127.0.0.1:8888');
  } finally {
    await env.teardown();
  }
});
