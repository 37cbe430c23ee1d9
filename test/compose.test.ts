// The production deployment (docker-compose.yml, .env.example, Dockerfile, deploy/) kept honest on
// machines without a Docker engine: every service is supervised, the worker and the codec server
// get only settings the config schema knows, no secret is written down, the search attributes are
// the ones the workflows upsert, Prometheus and Grafana get their configuration from deploy/ and the
// dashboard reads only series the worker exports, and `docker compose config` accepts the file.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../config';
import { uiDestructiveActionSwitches } from '../config/production';
import { workerMetrics } from '../worker/metric-names';
import { courseSearchAttributes, devServerFlags } from '../workflows/search-attributes';
import { environmentOf, mountsOf, substituted, type Service } from './helpers/compose';
import { metricsIn, panelsOf, type Panel } from './helpers/dashboard';

const root = join(__dirname, '..');
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const envExampleText = readFileSync(join(root, '.env.example'), 'utf8');
const services = (parse(composeText) as { services: Record<string, Service> }).services;

const envExample = envExampleText
  .split('\n')
  .map((line, i, lines) => {
    const m = /^(#\s*)?([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    return m
      ? { name: m[2]!, active: !m[1], value: m[3]!, commented: (lines[i - 1] ?? '').startsWith('#') }
      : undefined;
  })
  .filter((v) => v !== undefined);

const secretName = /PASS|PWD|SECRET|TOKEN|KEY/;
/** A bare substitution with no default: `${NAME}`, `${NAME?message}` or `${NAME:?message}`. */
const bareSubstitution = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$/;

test('every service has an image or a build, a healthcheck and a restart policy', () => {
  expect(Object.keys(services).sort()).toEqual([
    'codec-server',
    'grafana',
    'mailcatcher',
    'postgresql',
    'prometheus',
    'temporal',
    'temporal-admin-tools',
    'temporal-ui',
    'worker',
  ]);
  const problems = Object.entries(services).flatMap(([name, s]) => [
    ...(s.image || s.build ? [] : [`${name}: neither image nor build`]),
    ...(s.healthcheck?.test && !s.healthcheck.disable ? [] : [`${name}: no healthcheck`]),
    ...(/^(always|unless-stopped|on-failure(:\d+)?)$/.test(s.restart ?? '')
      ? []
      : [`${name}: restart policy '${s.restart ?? ''}'`]),
  ]);
  expect(problems).toEqual([]);
  // Third-party images are pinned; only our own image is named by .env.
  for (const [name, s] of Object.entries(services)) {
    if (!s.build) expect([name, s.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:v?\d[\w.-]*$/)]);
  }
});

test('the worker and the codec server get only settings the config schema knows, with valid literal values', () => {
  const shape = configSchema.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  for (const name of ['worker', 'codec-server']) {
    const env = environmentOf(services[name]!);
    expect([name, Object.keys(env).filter((key) => !(key in shape))]).toEqual([name, []]);
    for (const [key, value] of Object.entries(env)) {
      if (value === null) continue; // passed through from .env
      const text = String(value);
      const fallback = /^\$\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)\}$/.exec(text)?.[1];
      const literal = text.includes('${') ? fallback : text;
      if (literal !== undefined)
        expect([name, key, literal, shape[key]!.safeParse(literal).success]).toEqual([name, key, literal, true]);
    }
  }
  const worker = environmentOf(services.worker!);
  expect(worker.METRICS_PORT).toBe('9464');
  expect(JSON.stringify(services.worker!.healthcheck!.test)).toContain('process.env.METRICS_PORT');
  expect(services['codec-server']!.command).toEqual(['node', 'lib/codec/server.js']);
  expect(JSON.stringify(services['codec-server']!.healthcheck!.test)).toContain('/health');
});

test('no secret is written in the compose file, and .env.example carries none', () => {
  const literalSecrets = Object.entries(services).flatMap(([name, s]) =>
    Object.entries(environmentOf(s))
      .filter(([key, value]) => secretName.test(key) && value !== null && !bareSubstitution.test(String(value)))
      .map(([key, value]) => `${name}.${key}=${String(value)}`),
  );
  expect(literalSecrets).toEqual([]);
  // Nothing that looks like a key or token: long base64 or hex runs.
  expect(composeText.match(/[A-Za-z0-9+/]{32,}={0,2}/g)).toBeNull();
  expect(envExample.filter((v) => secretName.test(v.name) && v.value !== '').map((v) => v.name)).toEqual([]);
});

test("the search attributes registered are exactly the ones the workflows upsert, in the worker's namespace", () => {
  const admin = services['temporal-admin-tools']!;
  const registered = String(environmentOf(admin).SEARCH_ATTRIBUTES).trim().split(/\s+/).sort();
  const expected = devServerFlags()
    .filter((flag) => flag !== '--search-attribute')
    .sort();
  expect(expected).toHaveLength(courseSearchAttributes.length);
  expect(registered).toEqual(expected);
  const script = JSON.stringify(admin.command);
  expect(script).toContain('temporal operator search-attribute create');
  expect(script).toContain('--namespace default');
  expect(script).toContain('for pair in $$SEARCH_ATTRIBUTES');
  expect(environmentOf(services.worker!).TEMPORAL_NAMESPACE).toBe('default');
  expect(environmentOf(services.temporal!).DEFAULT_NAMESPACE).toBe('default');
});

test('the Temporal UI has its destructive actions off, Update on, and sign-in on; the worker checks it in production mode', () => {
  const ui = environmentOf(services['temporal-ui']!);
  const switches = Object.values(uiDestructiveActionSwitches);
  expect(switches.filter((name) => ui[name] !== 'true')).toEqual([]);
  // Admins record events with "Send an Update"; the all-in-one switch would turn that off too.
  expect(ui.TEMPORAL_WORKFLOW_UPDATE_DISABLED).toBe('false');
  expect(ui.TEMPORAL_DISABLE_WRITE_ACTIONS).toBeUndefined();
  expect(ui.TEMPORAL_AUTH_ENABLED).toBe('true');
  for (const name of ['TEMPORAL_AUTH_PROVIDER_URL', 'TEMPORAL_AUTH_CLIENT_ID', 'TEMPORAL_AUTH_CLIENT_SECRET'])
    expect([name, String(ui[name])]).toEqual([name, expect.stringMatching(bareSubstitution)]);
  expect(ui.TEMPORAL_AUTH_CALLBACK_URL).toMatch(/\/auth\/sso\/callback\}$/);
  const worker = environmentOf(services.worker!);
  expect(worker.FORLOPSVAKT_ENV).toBe('${FORLOPSVAKT_ENV:-production}');
  expect(environmentOf(services['codec-server']!).FORLOPSVAKT_ENV).toBe('${FORLOPSVAKT_ENV:-production}');
  expect(worker.TEMPORAL_UI_INTERNAL_URL).toBe('http://temporal-ui:8080');
});

test('.env.example lists every variable the compose file substitutes or passes through, each with a comment', () => {
  // Shell variables in commands are escaped (`$$NAME`); a bare `$NAME` would be compose's.
  expect(composeText.replace(/\$\$/g, '').match(/\$(?!\{)/g)).toBeNull();
  const active = envExample.filter((v) => v.active).map((v) => v.name);
  expect(substituted(composeText).filter((name) => !active.includes(name))).toEqual([]);
  const passedThrough = Object.values(services).flatMap((s) =>
    Object.entries(environmentOf(s))
      .filter(([, v]) => v === null)
      .map(([k]) => k),
  );
  expect(passedThrough.filter((name) => !envExample.some((v) => v.name === name))).toEqual([]);
  // Set but empty, a pass-through would fail validation (SMTP_USER/SMTP_PASS need min. 1 character).
  expect(passedThrough.filter((name) => active.includes(name))).toEqual([]);
  expect(envExample.filter((v) => !v.commented).map((v) => v.name)).toEqual([]);
  expect(new Set(envExample.map((v) => v.name)).size).toBe(envExample.length);
});

test('the image builds lib/ and runs it as a non-root user with production dependencies only', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  // A supported Node LTS, pinned by digest (the Dockerfile says how to refresh it), the same in both stages.
  const bases = [...dockerfile.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((m) => [m[2], m[1]]);
  expect(bases.map(([stage]) => stage)).toEqual(['build', 'runtime']);
  for (const [, image] of bases) expect(image).toMatch(/^node:(22|24)-bookworm-slim@sha256:[0-9a-f]{64}$/);
  expect(new Set(bases.map(([, image]) => image)).size).toBe(1);
  expect(dockerfile).toContain('RUN npm run build');
  expect(runtime).toContain('npm ci --omit=dev');
  expect(runtime).toContain('COPY --from=build /app/lib ./lib');
  expect(runtime).toMatch(/^USER node$/m);
  expect(runtime).toContain('CMD ["node", "bin/forlopsvakt", "worker"]');
  const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as {
    include: string[];
    compilerOptions: { outDir: string };
  };
  expect(build.compilerOptions.outDir).toBe('lib');
  expect([...build.include].sort()).toEqual([
    'activities',
    'client',
    'codec',
    'config',
    'dev',
    'domain',
    'worker',
    'workflows',
  ]);
  // The build stage has every folder it compiles (dev/main.ts is the entry point bin/forlopsvakt runs).
  for (const dir of build.include) expect(dockerfile).toContain(`COPY ${dir} ./${dir}\n`);
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim());
  expect(ignored).toEqual(
    expect.arrayContaining(['node_modules', 'lib', 'data', '.temporal', 'test-output', '.git', '.env']),
  );
});

const readYaml = <T>(path: string): T => parse(readFileSync(join(root, path), 'utf8')) as T;

test('Prometheus scrapes every worker on its METRICS_PORT; Grafana gets its datasource and dashboards from the repository', () => {
  expect(mountsOf(services.prometheus!)).toEqual({
    'deploy/prometheus/prometheus.yml': '/etc/prometheus/prometheus.yml',
  });
  const prometheus = readYaml<{ scrape_configs: { job_name: string; dns_sd_configs?: unknown[] }[] }>(
    'deploy/prometheus/prometheus.yml',
  );
  const workerJob = prometheus.scrape_configs.find((job) => job.job_name === 'forlopsvakt-worker');
  expect(workerJob?.dns_sd_configs).toEqual([
    expect.objectContaining({
      names: ['worker'],
      type: 'A',
      port: Number(environmentOf(services.worker!).METRICS_PORT),
    }),
  ]);

  const grafana = mountsOf(services.grafana!);
  expect(grafana).toEqual({
    'deploy/grafana/provisioning': '/etc/grafana/provisioning',
    'deploy/grafana/dashboards': expect.any(String),
  });
  const datasources = readYaml<{ datasources: { uid: string; type: string; url: string }[] }>(
    'deploy/grafana/provisioning/datasources/prometheus.yml',
  ).datasources;
  expect(datasources).toEqual([
    expect.objectContaining({ uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' }),
  ]);
  const providers = readYaml<{ providers: { type: string; options: { path: string } }[] }>(
    'deploy/grafana/provisioning/dashboards/forlopsvakt.yml',
  ).providers;
  expect(providers.map((p) => [p.type, p.options.path])).toEqual([['file', grafana['deploy/grafana/dashboards']]]);
  const home = String(environmentOf(services.grafana!).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH);
  expect(existsSync(join(root, 'deploy/grafana/dashboards', home.slice(providers[0]!.options.path.length)))).toBe(true);
});

test('every dashboard panel asks the provisioned Prometheus for series the worker exports', () => {
  const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dashboards/forlopsvakt.json'), 'utf8')) as {
    uid: string;
    panels: Panel[];
  };
  expect(dashboard.uid).toBe('forlopsvakt');
  const panels = panelsOf(dashboard).filter((p) => p.type !== 'row');
  const exported = new Set<string>(['up']); // Prometheus's own: did the scrape of a worker succeed
  for (const [name, metric] of Object.entries(workerMetrics))
    for (const suffix of metric.type === 'histogram' ? ['_bucket', '_sum', '_count'] : [''])
      exported.add(name + suffix);
  const read = new Set<string>();
  for (const panel of panels) {
    expect([panel.title, panel.datasource?.uid]).toEqual([panel.title, 'prometheus']);
    for (const target of panel.targets ?? []) {
      const names = metricsIn(target.expr ?? '');
      expect([panel.title, target.datasource?.uid, names.length > 0]).toEqual([panel.title, 'prometheus', true]);
      expect([panel.title, names.filter((name) => !exported.has(name))]).toEqual([panel.title, []]);
      names.forEach((name) => read.add(name));
    }
  }
  // Reminders sent and failed, the overdue gauges, delivery latency and workflow task latency.
  expect([...read]).toEqual(
    expect.arrayContaining([
      'forlopsvakt_reminders_sent_total',
      'forlopsvakt_reminders_failed_total',
      'forlopsvakt_overdue_obligations',
      'forlopsvakt_overdue_courses',
      'temporal_activity_execution_latency_bucket',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
      'temporal_workflow_task_execution_latency_bucket',
    ]),
  );
  // Delivery latency is the reminder activity's own (test/metrics.test.ts checks the label is there).
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
  expect(
    exprs.some((e) => e.includes('temporal_activity_execution_latency_bucket{activity_type="sendReminder"}')),
  ).toBe(true);
});

test('docker compose config accepts the file with .env.example (checked only where docker compose exists)', () => {
  const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    console.log(
      'compose.test: `docker compose` is not available here, so `docker compose --env-file .env.example config -q` was NOT run; the checks above still ran.',
    );
    return;
  }
  const config = spawnSync('docker', ['compose', '--env-file', '.env.example', 'config', '-q'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect({ status: config.status, stderr: config.stderr.trim() }).toEqual({ status: 0, stderr: '' });
});
