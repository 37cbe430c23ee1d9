// Worker tuning is configuration (worker/tuning.ts, docs/operations.md "Worker tuning"): the cache
// is sized from the heap limit, and a setting that cannot work is refused naming it. The workflow
// bundle the workers of every test load is the built one (worker/bundle.ts, scripts/setup.sh).
import { readFileSync } from 'node:fs';
import { loadConfig } from '../config';
import { sqlitePragmaFlags } from '../dev/launcher';
import { bundlePath, preloadModules, staleBundle, workflowCode } from '../worker/bundle';
import { DEFAULT_CACHE_CEILING, HEAP_RESERVE_MIB, MIB_PER_CACHED_COURSE, workerTuning } from '../worker/tuning';

test('unset, the cache is sized from the heap limit, never beyond the ceiling', () => {
  const config = loadConfig({});
  expect(workerTuning(config, 1024).maxCachedWorkflows).toBe(
    Math.floor((1024 - HEAP_RESERVE_MIB) / MIB_PER_CACHED_COURSE),
  );
  expect(workerTuning(config, 64 * 1024).maxCachedWorkflows).toBe(DEFAULT_CACHE_CEILING);
  expect(workerTuning(config, 1024)).toMatchObject({
    maxConcurrentWorkflowTaskExecutions: 40,
    maxConcurrentActivityTaskExecutions: 100,
    workflowThreadPoolSize: 1,
    stickyQueueScheduleToStartTimeout: 300_000,
  });
});

test('settings are taken as given when they fit', () => {
  const config = loadConfig({
    WORKER_MAX_CACHED_WORKFLOWS: '500',
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '20',
    WORKER_MAX_CONCURRENT_ACTIVITIES: '10',
    WORKER_WORKFLOW_THREADS: '2',
    WORKER_STICKY_TIMEOUT_SECONDS: '30',
  });
  expect(workerTuning(config, 1024)).toEqual({
    maxCachedWorkflows: 500,
    maxConcurrentWorkflowTaskExecutions: 20,
    maxConcurrentActivityTaskExecutions: 10,
    workflowThreadPoolSize: 2,
    stickyQueueScheduleToStartTimeout: 30_000,
  });
  expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }), 1024).maxCachedWorkflows).toBe(0);
  // Left empty (compose passes `WORKER_MAX_CACHED_WORKFLOWS=` from .env as ''): unset, the default.
  expect(workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '' }), 1024)).toEqual(
    workerTuning(loadConfig({}), 1024),
  );
});

test('a cache the heap cannot hold, or one smaller than the concurrent tasks, is refused naming the setting', () => {
  expect(() => workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '100000' }), 1024)).toThrow(
    /^Bad configuration: WORKER_MAX_CACHED_WORKFLOWS: 100000 cached courses need about \d+ MiB of heap and the limit is 1024 MiB/,
  );
  expect(() => workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '1' }), 1024)).toThrow(
    'WORKER_MAX_CACHED_WORKFLOWS: must be 0 (no cache) or at least 2',
  );
  expect(() => workerTuning(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '10' }), 1024)).toThrow(
    'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: 40 is more than the 10 courses the cache holds',
  );
  expect(() => loadConfig({ WORKER_WORKFLOW_THREADS: '0' })).toThrow(/^Bad configuration: WORKER_WORKFLOW_THREADS/);
  expect(() => loadConfig({ WORKER_STICKY_TIMEOUT_SECONDS: '0' })).toThrow(
    /^Bad configuration: WORKER_STICKY_TIMEOUT_SECONDS/,
  );
  expect(() => loadConfig({ DEV_SQLITE_PRAGMAS: 'journal_mode=wal;drop' })).toThrow(
    /^Bad configuration: DEV_SQLITE_PRAGMAS: must be name=value/,
  );
});

test("the dev server's SQLite pragmas: the default, `none` for SQLite's own, empty as unset", () => {
  const pragmas = (value?: string) =>
    sqlitePragmaFlags(loadConfig(value === undefined ? {} : { DEV_SQLITE_PRAGMAS: value }));
  const tuned = ['journal_mode=wal', 'synchronous=normal', 'busy_timeout=5000'].flatMap((p) => ['--sqlite-pragma', p]);
  expect(pragmas()).toEqual(tuned);
  expect(pragmas('')).toEqual(tuned);
  expect(pragmas('none')).toEqual([]);
  expect(pragmas('synchronous=full')).toEqual(['--sqlite-pragma', 'synchronous=full']);
});

test('workers load the built workflow bundle, with the stateless modules preloaded', () => {
  // scripts/setup.sh (run before the tests) builds it whenever a source changed.
  expect(staleBundle()).toBeUndefined();
  expect(workflowCode()).toEqual({ workflowBundle: { codePath: bundlePath } });
  const code = readFileSync(bundlePath, 'utf8');
  expect(code).toContain('exports.preloadModules = function preloadModules()');
  expect(preloadModules).toEqual(['zod', 'luxon', require.resolve('../domain')]);
});
