// Production mode (config/production.ts) and the Temporal connection's TLS (config/temporal.ts):
// the checks one by one, the worker and the codec server refusing to start, the real dev server's
// UI showing its destructive actions on, and real TLS and mTLS connections through a TLS-terminating
// proxy in front of the dev server (which has no TLS of its own), with a CA made here by openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { NativeConnection } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { main as codecServerMain } from '../codec/server';
import { loadConfig, type Config } from '../config';
import { assertProductionReady, productionProblems, uiProblems, uiSettingsProblems } from '../config/production';
import { connectClient, connectionOptions } from '../config/temporal';
import { createWorker } from '../worker';
import { freePort } from './helpers/maildev';
import { localEnv } from './helpers/temporal';

const keys = { CODEC_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`, CODEC_ACTIVE_KEY_ID: 'k1' };
/** A production configuration with nothing to refuse in itself (the UI is checked separately). */
const safe = {
  FORLOPSVAKT_ENV: 'production',
  ...keys,
  SMTP_HOST: 'smtp.sykehus.example.no',
  SMTP_TLS: 'starttls',
  TEMPORAL_TLS: 'true',
};
const problemsOf = (env: Record<string, string>, entry?: 'worker' | 'codec-server', now?: Date) =>
  productionProblems(loadConfig(env), entry, now);

describe('productionProblems', () => {
  test('nothing to refuse in a safe configuration', () => {
    expect(problemsOf(safe)).toEqual([]);
  });

  test('each problem is named with what to set', () => {
    const { CODEC_KEYS, CODEC_ACTIVE_KEY_ID, ...noKeys } = safe;
    void CODEC_KEYS;
    void CODEC_ACTIVE_KEY_ID;
    expect(problemsOf(noKeys)).toEqual([expect.stringMatching(/^CODEC_KEYS is not set.*set CODEC_KEYS/)]);
    expect(problemsOf({ ...safe, SMTP_TLS: 'none' })).toEqual([
      expect.stringMatching(/^SMTP_TLS=none towards smtp\.sykehus\.example\.no.*SMTP_TLS=starttls/),
    ]);
    // The local mail catcher is loopback: no network to cross.
    for (const host of ['127.0.0.1', 'localhost', '::1'])
      expect(problemsOf({ ...safe, SMTP_TLS: 'none', SMTP_HOST: host })).toEqual([]);
    const { TEMPORAL_TLS, ...noTls } = safe;
    void TEMPORAL_TLS;
    expect(problemsOf(noTls)).toEqual([expect.stringMatching(/^no TLS to Temporal: set TEMPORAL_TLS=true/)]);
    // An API key or a CA implies TLS.
    expect(problemsOf({ ...noTls, TEMPORAL_API_KEY: 'an-api-key' })).toEqual([]);
    expect(problemsOf({ ...noTls, TEMPORAL_TLS_CA_FILE: '/run/secrets/ca.pem' })).toEqual([]);
  });

  test('the plaintext migration flag is accepted until its date, refused after it', () => {
    const flagged = { ...safe, CODEC_ACCEPT_PLAINTEXT_UNTIL: '2027-01-31' };
    expect(problemsOf(flagged, 'worker', new Date('2027-01-31T23:59:00Z'))).toEqual([]);
    expect(problemsOf(flagged, 'worker', new Date('2027-02-01T00:00:00Z'))).toEqual([
      expect.stringMatching(/^CODEC_ACCEPT_PLAINTEXT_UNTIL=2027-01-31 has passed: remove it/),
    ]);
  });

  test('the codec server is not asked about Temporal or SMTP, which it does not use', () => {
    expect(problemsOf({ FORLOPSVAKT_ENV: 'production', ...keys }, 'codec-server')).toEqual([]);
    expect(problemsOf({ FORLOPSVAKT_ENV: 'production' }, 'codec-server')).toHaveLength(1);
  });
});

test('a TLS setting that contradicts TEMPORAL_TLS=false, or half an mTLS pair, is a configuration error', () => {
  expect(() => loadConfig({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toThrow(/TEMPORAL_TLS: is false/);
  expect(() => loadConfig({ TEMPORAL_TLS_CERT_FILE: '/c.pem' })).toThrow(
    /TEMPORAL_TLS_KEY_FILE: set both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE/,
  );
});

test("the UI's settings: every destructive action left on, and no sign-in, is a problem; Update is not asked about", () => {
  const allOff = {
    WorkflowTerminateDisabled: true,
    WorkflowCancelDisabled: true,
    WorkflowResetDisabled: true,
    WorkflowSignalDisabled: true,
    WorkflowPauseDisabled: true,
    BatchActionsDisabled: true,
    StartWorkflowDisabled: true,
    ActivityCommandsDisabled: true,
    Auth: { Enabled: true },
  };
  expect(uiSettingsProblems(allOff)).toEqual([]);
  expect(uiSettingsProblems({ ...allOff, WorkflowResetDisabled: false })).toEqual([
    expect.stringContaining('set TEMPORAL_WORKFLOW_RESET_DISABLED=true'),
  ]);
  expect(uiSettingsProblems({ ...allOff, Auth: { Enabled: false } })).toEqual([
    expect.stringContaining('set TEMPORAL_AUTH_ENABLED=true'),
  ]);
  expect(uiSettingsProblems({ DisableWriteActions: true, Auth: { Enabled: true } })).toEqual([]);
});

test('the worker and the codec server refuse to start in production mode, listing every problem', async () => {
  const config = loadConfig({ FORLOPSVAKT_ENV: 'production', SMTP_HOST: 'smtp.sykehus.example.no' });
  const refusal = createWorker(config);
  await expect(refusal).rejects.toThrow(/^Refusing to start in production mode \(FORLOPSVAKT_ENV=production\):/);
  const message = await refusal.then(
    () => '',
    (err: Error) => err.message,
  );
  expect(message.split('\n').slice(1)).toEqual([
    expect.stringContaining('CODEC_KEYS is not set'),
    expect.stringContaining('SMTP_TLS=none towards smtp.sykehus.example.no'),
    expect.stringContaining('no TLS to Temporal'),
    expect.stringContaining('TEMPORAL_UI_INTERNAL_URL is not set'),
  ]);
  await expect(codecServerMain({ FORLOPSVAKT_ENV: 'production' })).rejects.toThrow(/CODEC_KEYS is not set/);
  // Development mode checks nothing more.
  await expect(assertProductionReady(loadConfig({}), 'worker')).resolves.toBeUndefined();
});

test('an unreachable UI is a problem naming the URL', async () => {
  const port = await freePort();
  expect(await uiProblems({ TEMPORAL_UI_INTERNAL_URL: `http://127.0.0.1:${port}` }, 2_000)).toEqual([
    expect.stringMatching(new RegExp(`settings at http://127.0.0.1:${port}/api/v1/settings could not be read`)),
  ]);
});

describe('against the real dev server', () => {
  let env: TestWorkflowEnvironment;
  let uiPort: number;
  let dir: string;
  beforeAll(async () => {
    const started = await localEnv({ ui: true });
    env = started;
    uiPort = started.uiPort;
    dir = mkdtempSync(join(tmpdir(), 'forlopsvakt-tls-'));
    makeCertificates(dir);
  });
  afterAll(async () => {
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the dev server's UI has every destructive action on and no sign-in: a production worker refuses", async () => {
    const settings = (await (await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`)).json()) as Record<
      string,
      unknown
    >;
    expect(settings).toMatchObject({ WorkflowTerminateDisabled: false, Auth: { Enabled: false } });
    const problems = await uiProblems({ TEMPORAL_UI_INTERNAL_URL: `http://127.0.0.1:${uiPort}` });
    expect(problems).toHaveLength(9);
    for (const variable of [
      'TEMPORAL_WORKFLOW_TERMINATE_DISABLED',
      'TEMPORAL_WORKFLOW_CANCEL_DISABLED',
      'TEMPORAL_WORKFLOW_RESET_DISABLED',
      'TEMPORAL_WORKFLOW_SIGNAL_DISABLED',
      'TEMPORAL_BATCH_ACTIONS_DISABLED',
      'TEMPORAL_START_WORKFLOW_DISABLED',
      'TEMPORAL_AUTH_ENABLED',
    ])
      expect(problems.join('\n')).toContain(`set ${variable}=true`);
    const config = loadConfig({ ...safe, TEMPORAL_UI_INTERNAL_URL: `http://127.0.0.1:${uiPort}/` });
    await expect(createWorker(config)).rejects.toThrow(/WorkflowTerminateDisabled is not true/);
  });

  test('connectionOptions: the TLS object and the API key the SDK takes; a missing file is named', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.test:7233',
      TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'),
      TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY_FILE: join(dir, 'client-key.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
      TEMPORAL_API_KEY: 'an-api-key',
    });
    expect(connectionOptions(config)).toEqual({
      address: 'temporal.test:7233',
      tls: {
        serverRootCACertificate: readFileSync(join(dir, 'ca.pem')),
        clientCertPair: { crt: readFileSync(join(dir, 'client.pem')), key: readFileSync(join(dir, 'client-key.pem')) },
        serverNameOverride: 'temporal.test',
      },
      apiKey: 'an-api-key',
    });
    expect(connectionOptions(loadConfig({}))).toEqual({ address: '127.0.0.1:7233' });
    expect(connectionOptions(loadConfig({ TEMPORAL_TLS: 'true' }))).toEqual({ address: '127.0.0.1:7233', tls: {} });
    expect(() => connectionOptions({ ...config, TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem') } as Config)).toThrow(
      `Bad configuration: TEMPORAL_TLS_CA_FILE: cannot read ${join(dir, 'missing.pem')} (ENOENT)`,
    );
  });

  test('through a TLS proxy: the client and the worker connection see the namespace with the CA; mTLS with a client certificate', async () => {
    const tlsProxy = await proxy(dir, env.address, false);
    const mtlsProxy = await proxy(dir, env.address, true);
    try {
      const tls = {
        TEMPORAL_ADDRESS: `127.0.0.1:${tlsProxy.port}`,
        TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'),
      };
      await expectNamespace(loadConfig(tls));
      // The certificate names temporal.test too; the override checks against that name.
      await expectNamespace(loadConfig({ ...tls, TEMPORAL_TLS_SERVER_NAME: 'temporal.test' }));
      // Without the CA, the self-made certificate is not trusted.
      await expect(
        connectClient(loadConfig({ TEMPORAL_ADDRESS: tls.TEMPORAL_ADDRESS, TEMPORAL_TLS: 'true' }), 3_000),
      ).rejects.toThrow(`Cannot connect to Temporal at ${tls.TEMPORAL_ADDRESS} with TLS`);

      const mtls = {
        TEMPORAL_ADDRESS: `127.0.0.1:${mtlsProxy.port}`,
        TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'),
        TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem'),
        TEMPORAL_TLS_KEY_FILE: join(dir, 'client-key.pem'),
      };
      await expectNamespace(loadConfig(mtls));
      const withoutCert = loadConfig({
        TEMPORAL_ADDRESS: mtls.TEMPORAL_ADDRESS,
        TEMPORAL_TLS_CA_FILE: mtls.TEMPORAL_TLS_CA_FILE,
      });
      await expect(connectClient(withoutCert, 3_000)).rejects.toThrow(/^Cannot connect to Temporal at .* with TLS/);
    } finally {
      tlsProxy.server.close();
      mtlsProxy.server.close();
    }
  });

  test('TLS towards the plain dev server fails', async () => {
    await expect(
      connectClient(loadConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TLS: 'true' }), 3_000),
    ).rejects.toThrow(`Cannot connect to Temporal at ${env.address} with TLS (TEMPORAL_TLS and TEMPORAL_TLS_*)`);
  });
});

/** Both kinds of connection (client and worker) describe the namespace through the configured TLS. */
async function expectNamespace(config: Config): Promise<void> {
  const client = await connectClient(config, 5_000);
  try {
    const { namespaceInfo } = await client.workflowService.describeNamespace({ namespace: 'default' });
    expect(namespaceInfo?.name).toBe('default');
  } finally {
    await client.connection.close();
  }
  const native = await NativeConnection.connect(connectionOptions(config));
  try {
    const { namespaceInfo } = await native.workflowService.describeNamespace({ namespace: 'default' });
    expect(namespaceInfo?.name).toBe('default');
  } finally {
    await native.close();
  }
}

/** A CA, a server certificate for localhost, 127.0.0.1 and temporal.test, and a client certificate. */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=Forlopsvakt test CA',
  );
  const sign = (name: string, subject: string, extensions: string) => {
    writeFileSync(join(dir, `${name}.ext`), extensions);
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}-key.pem`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  sign(
    'server',
    '/CN=localhost',
    'subjectAltName=DNS:localhost,DNS:temporal.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  sign('client', '/CN=forlopsvakt-worker', 'extendedKeyUsage=clientAuth\n');
}

/** Terminates TLS (HTTP/2 by ALPN, as gRPC needs) and passes the bytes on to the dev server. */
async function proxy(
  dir: string,
  target: string,
  requireClientCert: boolean,
): Promise<{ server: TlsServer; port: number }> {
  const [host, port] = target.split(':') as [string, string];
  const server = createTlsServer(
    {
      key: readFileSync(join(dir, 'server-key.pem')),
      cert: readFileSync(join(dir, 'server.pem')),
      ca: readFileSync(join(dir, 'ca.pem')),
      requestCert: requireClientCert,
      rejectUnauthorized: requireClientCert,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = tcpConnect(Number(port), host);
      socket.pipe(upstream).pipe(socket);
      const end = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', end);
      upstream.on('error', end);
    },
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
