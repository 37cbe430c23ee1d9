// One subject's stack: a fresh Temporal dev server (SQLite file under data/bench/<subject>, its
// own ports so it never meets a running `npm run dev` or the other subject's stack) and one worker
// in a child process.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig, type Config } from '../config';
import { connectWhenReady, startDevServer } from '../dev/launcher';
import type { Subject } from './subjects';
import type { FromWorker, ToWorker, WorkerStatus } from './worker';

/** The ports of the stack in `slot`: both subjects' stacks run side by side, each on its own. */
export const benchPorts = (slot: number) => ({ frontend: 7833 + 10 * slot, ui: 8833 + 10 * slot });

/** WORKER_* from the bench's own environment: both workers get them alike, to compare settings. */
export const workerSettings = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(process.env).flatMap(([key, value]) => (key.startsWith('WORKER_') && value ? [[key, value]] : [])),
  );

export interface Stack {
  config: Config;
  client: Client;
  /** From forking the worker process until it polls (Node start, connections, workflow code). */
  workerStartSeconds: number;
  /** Resident memory of the worker process and of the dev server, in MiB. */
  rssMiB(): { worker: number; server: number };
  /** CPU seconds the worker process and the dev server have used so far. */
  cpuSeconds(): { worker: number; server: number };
  workerStatus(): Promise<WorkerStatus>;
  /** Waits until no task is waiting on the subject's task queues and the worker is idle; returns when that was first seen (ms since the epoch). */
  settled(timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

export function rssMiBOf(pid: number | undefined): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kib) / 1024);
}

/** The kernel's clock ticks per second, the unit of /proc's CPU times (100 on Linux unless told). */
const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds a process has used, user and system (/proc/<pid>/stat: utime and stime, fields 14 and 15). */
export function cpuSecondsOf(pid: number | undefined): number {
  // The fields after the command name, which may itself hold spaces: state is field 3.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/**
 * The machine's CPU time so far and the part of it the hypervisor gave to other guests (steal),
 * in seconds, from /proc/stat's first line (user nice system idle iowait irq softirq steal …).
 */
export function machineCpuSeconds(): { total: number; steal: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return { total: ticks.reduce((a, b) => a + b, 0) / clockTicks, steal: (ticks[7] ?? 0) / clockTicks };
}

function nextMessage(child: ChildProcess, accept: (m: FromWorker) => boolean): Promise<FromWorker> {
  return new Promise((resolvePromise, reject) => {
    const onMessage = (m: FromWorker) => {
      if (accept(m)) {
        cleanup();
        resolvePromise(m);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench worker exited (${code ?? 'signal'})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

async function stopChild(child: ChildProcess, how: () => void, timeoutMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  how();
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * `sqlite`: `tuned` runs the dev server with its default pragmas (config DEV_SQLITE_PRAGMAS),
 * `plain` with SQLite's own defaults, to show what they are worth.
 */
export async function startStack(
  subject: Subject,
  smtpPort: number,
  sqlite: 'tuned' | 'plain',
  slot: number,
): Promise<Stack> {
  // BENCH_DATA_DIR puts the SQLite files elsewhere (e.g. on tmpfs, to see what the disk costs).
  const dataDir = resolve(process.env.BENCH_DATA_DIR ?? resolve(__dirname, '..', 'data', 'bench'), subject.name);
  rmSync(dataDir, { recursive: true, force: true });
  const ports = benchPorts(slot);
  const config = loadConfig({
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.frontend}`,
    TEMPORAL_UI_PORT: String(ports.ui),
    TEMPORAL_UI_URL: `http://127.0.0.1:${ports.ui}`,
    FORLOPSVAKT_DATA_DIR: dataDir,
    SMTP_PORT: String(smtpPort),
    LOG_LEVEL: 'WARN',
    ...(sqlite === 'plain' ? { DEV_SQLITE_PRAGMAS: 'none' } : {}),
    ...workerSettings(),
  });
  // The server's own log would drown the bench's progress lines.
  const server = startDevServer(config, 'ignore');
  const client = await connectWhenReady(config);
  const forked = performance.now();
  // BENCH_CPU_PROF=<dir>: each worker writes V8 CPU profiles there, its workflow thread's included.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const worker = fork(require.resolve('./worker'), [subject.name, JSON.stringify(config)], {
    execArgv: [...process.execArgv, ...profile],
  });
  await nextMessage(worker, (m) => 'ready' in m);
  const workerStartSeconds = (performance.now() - forked) / 1000;

  const workerStatus = async () => {
    const reply = nextMessage(worker, (m) => 'status' in m);
    worker.send('status' satisfies ToWorker);
    return ((await reply) as { status: WorkerStatus }).status;
  };
  const backlog = async () => {
    const types = [
      temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    ];
    const counts = await Promise.all(
      types.map(async (taskQueueType) => {
        const res = await client.workflowService.describeTaskQueue({
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: { name: subject.taskQueue(config) },
          taskQueueType,
          reportStats: true,
        });
        return Number(res.stats?.approximateBacklogCount ?? 0);
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  };

  return {
    config,
    client,
    workerStartSeconds,
    rssMiB: () => ({ worker: rssMiBOf(worker.pid), server: rssMiBOf(server.pid) }),
    cpuSeconds: () => ({ worker: cpuSecondsOf(worker.pid), server: cpuSecondsOf(server.pid) }),
    workerStatus,
    async settled(timeoutMs) {
      // Idle three polls in a row: the backlog figure is approximate and a task may be in flight.
      const deadline = Date.now() + timeoutMs;
      let idleSince = 0;
      for (let idle = 0; idle < 3;) {
        if (Date.now() > deadline)
          throw new Error(`${subject.name}: the worker did not catch up within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 500));
        const [queued, status] = await Promise.all([backlog(), workerStatus()]);
        if (queued > 0 || status.busy > 0) idle = 0;
        else if (idle++ === 0) idleSince = Date.now();
      }
      return idleSince;
    },
    async stop() {
      await stopChild(worker, () => worker.send('stop' satisfies ToWorker));
      await client.connection.close();
      await stopChild(server, () => server.kill('SIGTERM'));
    },
  };
}
