// The Forløpsvakt worker: hosts the course and digest workflows, the reminder and digest activities.
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createDigestActivities } from '../activities/digest';
import { linksOf, smtpDelivery, smtpSender, type SendMail } from '../activities/email/smtp';
import { ensureDigestSchedule } from '../client/schedules';
import { dataConverterFor } from '../codec/aes-gcm';
import { loadProfile, profileIds } from '../domain/profiles';
import type { Config } from '../config';
import { watchOverdue } from './metrics';

/** Every shipped profile is validated before the worker takes work: a bad one stops start-up. */
export function validateProfiles(): void {
  for (const id of profileIds) loadProfile(id);
}

export async function createWorker(config: Config, send: SendMail = smtpSender(config)): Promise<Worker> {
  validateProfiles();
  const dataConverter = dataConverterFor(config);
  const client = new Client({
    connection: await Connection.connect({ address: config.TEMPORAL_ADDRESS }),
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter,
  });
  await ensureDigestSchedule(client, config);
  if (config.METRICS_PORT !== undefined) watchOverdue(client);
  return Worker.create({
    connection: await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    dataConverter,
    activities: {
      ...createActivities({ deliver: smtpDelivery(config, send) }),
      ...createDigestActivities({ client, send, links: linksOf(config) }),
    },
  });
}

/**
 * The SDK runtime, once per process: one JSON line per log entry (structured, greppable, and free
 * of patient data by construction), and with METRICS_PORT the SDK's and our own metrics for
 * Prometheus on /metrics (issue 8).
 */
export function installRuntime(config: Pick<Config, 'LOG_LEVEL' | 'METRICS_PORT'>): void {
  Runtime.install({
    logger: new DefaultLogger(config.LOG_LEVEL, ({ level: lvl, message, meta, timestampNanos }) => {
      const time = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
      console.log(JSON.stringify({ time, level: lvl, message, ...meta }));
    }),
    ...(config.METRICS_PORT !== undefined
      ? {
          telemetryOptions: {
            metrics: { prometheus: { bindAddress: `0.0.0.0:${config.METRICS_PORT}`, countersTotalSuffix: true } },
          },
        }
      : {}),
  });
}
