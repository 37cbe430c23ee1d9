// Hostile input at every entry point (docs/spec/domain.md §8, bad input): update payloads (the validator runs `decide`),
// CLI arguments, CSV rows and environment config. At least 10,000 generated inputs in CI
// (FUZZ_SCALE multiplies them for the nightly run); the seed is printed to replay a failure.
// Invariants: nothing but a clear rejection is thrown, and a rejection changes nothing.
import fc from 'fast-check';
import { Command, CommanderError } from 'commander';
import { decide, EventRejected, startCourse } from '../domain';
import { eventKinds, messageKinds } from '../domain';
import { loadConfig } from '../config';
import { rowToStart } from '../client/import';
import { buildCli } from '../client/cli';
import { startInput } from './helpers/fixtures';

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
const runs = { payloads: 4_000, csv: 2_000, env: 2_000, cli: 2_000 };
let total = 0;
beforeAll(() => console.log(`fuzz seed ${seed} (FC_SEED=${seed} to replay), scale ${scale}`));
afterAll(() => console.log(`fuzz: ${total} generated inputs`));
const check = (name: keyof typeof runs, property: fc.IPropertyWithHooks<never> | fc.IProperty<never>) => {
  fc.assert(property as fc.IProperty<unknown>, { seed, numRuns: runs[name] * scale });
  total += runs[name] * scale;
};

/** A message a person can act on: one line, says something, no internals. */
function actionable(message: string): void {
  expect(message.trim().length).toBeGreaterThan(5);
  expect(message).not.toMatch(/\n\s+at |\[object Object\]|undefined is not|Cannot read prop|TypeError|ReferenceError/);
  expect(message.length).toBeLessThan(2_000);
}

const now = '2026-05-20T10:00:00.000Z';
const states = ['forensic-tud', 'admission-discharge', 'long-term-coordinated', 'agreement-review'].map(
  (kind) => startCourse(startInput(kind as never), now).state,
);
const fieldValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...messageKinds),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.anything(),
);
const payload = fc.oneof(
  fc.anything(),
  fc.record(
    {
      kind: fc.constantFrom(...eventKinds, 'DROP TABLE', '__proto__', ''),
      at: fc.option(fieldValue),
      id: fc.option(fieldValue),
      by: fc.option(fieldValue),
    },
    { requiredKeys: ['kind'] },
  ),
  fc
    .tuple(
      fc.constantFrom(...eventKinds),
      fc.dictionary(
        fc.constantFrom(
          'message',
          'meeting',
          'plan',
          'final',
          'gate',
          'reason',
          'rule',
          'party',
          'careTeam',
          'breach',
          'at',
          'extra',
        ),
        fieldValue,
      ),
    )
    .map(([kind, data]) => ({ ...data, kind })),
);

test('update payloads: accepted or rejected with a clear message, never anything else; a rejection changes nothing', () => {
  check(
    'payloads',
    fc.property(fc.constantFrom(...states), payload, (state, input) => {
      const before = JSON.stringify(state);
      try {
        decide(state, input, now);
      } catch (err) {
        expect(err).toBeInstanceOf(EventRejected);
        actionable((err as Error).message);
      }
      expect(JSON.stringify(state)).toBe(before);
    }) as never,
  );
});

const csvRow = fc.dictionary(
  fc.constantFrom(
    'ref',
    'kind',
    'profile',
    'at',
    'hospitalUnit',
    'municipality',
    'hasMunicipalServices',
    'coercion',
    'ward',
    'ward.manager',
    'caseOffice',
    'gp',
    'junk',
  ),
  fc.oneof(
    fc.string(),
    fc.constantFrom(
      'forensic-tud',
      'admission-discharge',
      'ahus',
      'unn',
      'true',
      'false',
      'ward@hospital.test',
      'ahus-2026-000001',
      '2026-05-19T10:00:00Z',
    ),
  ),
);
test('CSV rows: a course to start, or a clear per-row error', () => {
  check(
    'csv',
    fc.property(csvRow, (row) => {
      try {
        startCourse(rowToStart(row), now);
      } catch (err) {
        actionable((err as Error).message);
      }
    }) as never,
  );
});

const envVars = fc.dictionary(
  fc.constantFrom(
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'TEMPORAL_UI_URL',
    'SMTP_PORT',
    'SMTP_TLS',
    'SMTP_USER',
    'SMTP_PASS',
    'CODEC_KEYS',
    'CODEC_ACTIVE_KEY_ID',
    'CODEC_SERVER_TOKEN',
    'METRICS_PORT',
    'LOG_LEVEL',
    'UNRELATED',
  ),
  fc.oneof(
    fc.string(),
    fc.constantFrom('127.0.0.1:7233', '25', '99999', 'none', 'starttls', 'INFO', 'k1:' + 'A'.repeat(43) + '=', 'k1'),
  ),
);
test('environment config: parsed, or stopped with a message naming the variable', () => {
  check(
    'env',
    fc.property(envVars, (env) => {
      try {
        loadConfig(env);
      } catch (err) {
        actionable((err as Error).message);
        expect((err as Error).message).toMatch(/^Bad configuration: [A-Z_]+/);
      }
    }) as never,
  );
});

// Offline commands and option parsing: argument errors come from the parser as one clear line.
const cliArgs = fc.array(
  fc.oneof(
    fc.constantFrom(
      'rules',
      'course',
      'list',
      'show',
      'event',
      'override',
      'import',
      '--profile',
      'hnt',
      'nowhere',
      '--json',
      '--kind',
      '--phase',
      '--at',
      '--help',
      '-x',
    ),
    fc.string(),
  ),
  { maxLength: 6 },
);
// `worker` and `dev` would start real processes; the generated arguments never reach them.
const refuse = () => Promise.reject(new Error('the fuzz test starts no worker and no dev server'));
const noProcesses = { worker: refuse, dev: refuse };
test('CLI arguments: a result, help, or one clear error line', async () => {
  await fc.assert(
    fc.asyncProperty(cliArgs, async (args) => {
      // Only what needs no Temporal server runs to completion; the rest must fail in the parser.
      if (!(args[0] === 'rules' || args.includes('--help') || (args[0] !== 'course' && args[0] !== 'import'))) return;
      const out: string[] = [];
      // Every level of the command tree (course → list …) throws instead of exiting and writes to `out`.
      const capture = (cmd: Command): void => {
        cmd.exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push(s) });
        cmd.commands.forEach(capture);
      };
      const program = buildCli(noProcesses);
      capture(program);
      const log = jest.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
      try {
        await program.parseAsync(['node', 'forlopsvakt', ...args]);
      } catch (err) {
        if (!(err instanceof CommanderError)) throw err;
        if (err.exitCode !== 0) actionable(err.message);
      } finally {
        log.mockRestore();
      }
    }),
    { seed, numRuns: runs.cli * scale, examples: [[['course', 'list', '--help']], [['course', 'event', '-x']]] },
  );
  total += runs.cli * scale;
});
