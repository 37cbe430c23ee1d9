// How much the worker holds and runs at once: the workflow cache, concurrent tasks and the
// workflow threads, from the configuration (docs/operations.md, "Worker tuning"). A course sleeps
// for weeks between wake-ups; one that was evicted from the cache costs a replay of its history
// when it wakes, so the cache only needs to hold the courses that are busy together.
import v8 from 'node:v8';
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from '../config';

/**
 * Heap one cached course takes, with zod, luxon and the domain preloaded (worker/bundle.ts):
 * measured by `npm run bench` (docs/benchmarks.md, "MiB per cached course"), rounded up.
 */
export const MIB_PER_CACHED_COURSE = 0.5;
/** Heap the worker needs besides its cache: the SDK, the bundle, activities, the feed server. */
export const HEAP_RESERVE_MIB = 256;
/** No more than this by default: beyond it a bigger cache saves little replay on this load. */
export const DEFAULT_CACHE_CEILING = 10_000;

export type Tuning = Required<
  Pick<
    WorkerOptions,
    | 'maxCachedWorkflows'
    | 'maxConcurrentWorkflowTaskExecutions'
    | 'maxConcurrentActivityTaskExecutions'
    | 'workflowThreadPoolSize'
    | 'stickyQueueScheduleToStartTimeout'
  >
>;

const heapLimitMiB = (): number => Math.floor(v8.getHeapStatistics().heap_size_limit / 2 ** 20);

/** The worker options for `config`, or an error naming the setting that cannot work with this heap. */
export function workerTuning(config: Config, heapMiB: number = heapLimitMiB()): Tuning {
  const room = Math.floor((heapMiB - HEAP_RESERVE_MIB) / MIB_PER_CACHED_COURSE);
  const cache = config.WORKER_MAX_CACHED_WORKFLOWS ?? Math.max(2, Math.min(DEFAULT_CACHE_CEILING, room));
  if (cache > room)
    throw new Error(
      `Bad configuration: WORKER_MAX_CACHED_WORKFLOWS: ${cache} cached courses need about ` +
        `${Math.ceil(HEAP_RESERVE_MIB + cache * MIB_PER_CACHED_COURSE)} MiB of heap and the limit is ${heapMiB} MiB: ` +
        'cache fewer, or raise the limit with NODE_OPTIONS=--max-old-space-size=<MiB>',
    );
  if (cache === 1)
    throw new Error('Bad configuration: WORKER_MAX_CACHED_WORKFLOWS: must be 0 (no cache) or at least 2');
  if (cache > 0 && config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS > cache)
    throw new Error(
      `Bad configuration: WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: ${config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS} ` +
        `is more than the ${cache} courses the cache holds (WORKER_MAX_CACHED_WORKFLOWS)`,
    );
  return {
    maxCachedWorkflows: cache,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    workflowThreadPoolSize: config.WORKER_WORKFLOW_THREADS,
    // A task that waits longer for this worker goes to the task queue, where a worker takes it with
    // a replay: in a deadline burst, backlog beyond the SDK's 10 s default turned into replays of
    // almost every course it woke, more work when the worker was already behind (docs/operations.md).
    stickyQueueScheduleToStartTimeout: config.WORKER_STICKY_TIMEOUT_SECONDS * 1000,
  };
}
