// One worker in a process of its own, so that its memory is measured alone. Started by the bench
// with `fork(this file, [subject, config as JSON])`; says `ready` once it polls, answers `status`,
// and shuts down on `stop`.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../config';
import { connectionOptions } from '../config/temporal';
import { createWorker } from '../worker';
import { workerTuning } from '../worker/tuning';
import { createBaselineActivities } from './baseline/activities';
import { baselineTaskQueue, type SubjectName } from './subjects';

export interface WorkerStatus {
  busy: number;
  cachedWorkflows: number;
}
export type ToWorker = 'status' | 'stop';
export type FromWorker = { ready: true } | { status: WorkerStatus };

async function createSubjectWorker(subject: SubjectName, config: Config): Promise<Worker> {
  if (subject === 'forlopsvakt') return createWorker(config);
  return Worker.create({
    connection: await NativeConnection.connect(connectionOptions(config)),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: baselineTaskQueue,
    workflowsPath: require.resolve('./baseline/workflows'),
    activities: createBaselineActivities(config),
    // The same cache and task limits as Forløpsvakt's worker: the comparison is like for like.
    ...workerTuning(config),
  });
}

async function main(): Promise<void> {
  const [subject, configJson] = process.argv.slice(2) as [SubjectName, string];
  const config = loadConfig(JSON.parse(configJson) as Record<string, string>);
  // One line per reminder at INFO would measure the console, not the worker.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const worker = await createSubjectWorker(subject, config);
  const send = (message: FromWorker) => process.send?.(message);
  process.on('message', (message: ToWorker) => {
    if (message === 'stop') worker.shutdown();
    if (message === 'status') {
      const s = worker.getStatus();
      send({
        status: {
          busy: s.numInFlightWorkflowActivations + s.numInFlightActivities,
          cachedWorkflows: s.numCachedWorkflows,
        },
      });
    }
  });
  const running = worker.run();
  send({ ready: true });
  await running;
  process.disconnect?.();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
