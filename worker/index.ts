// The Forløpsvakt worker: hosts the course workflow and the reminder activity.
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, type DeliverReminder } from '../activities';
import { smtpDelivery } from '../activities/email/smtp';
import { loadProfile, profileIds } from '../domain/profiles';
import type { Config } from '../config';

/** Every shipped profile is validated before the worker takes work: a bad one stops start-up. */
export function validateProfiles(): void {
  for (const id of profileIds) loadProfile(id);
}

export async function createWorker(config: Config, deliver: DeliverReminder = smtpDelivery(config)): Promise<Worker> {
  validateProfiles();
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  return Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities({ deliver }),
  });
}

/** One JSON line per log entry: structured, greppable, and free of patient data by construction. */
export function installJsonLogging(level: Config['LOG_LEVEL']): void {
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: lvl, message, meta, timestampNanos }) => {
      const time = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
      console.log(JSON.stringify({ time, level: lvl, message, ...meta }));
    }),
  });
}
