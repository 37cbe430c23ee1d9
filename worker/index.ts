// The Forløpsvakt worker: hosts the course and digest workflows, the reminder and digest activities.
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerPlugin } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createDigestActivities } from '../activities/digest';
import { deliveryRetryOf, linksOf, smtpDelivery, smtpSender, type SendMail } from '../activities/email/smtp';
import { dataConverterFor } from '../codec/aes-gcm';
import { loadProfile, profileIds } from '../domain';
import type { Config } from '../config';
import { assertProductionReady } from '../config/production';
import { connectClient, connectionOptions } from '../config/temporal';
import { workflowCode } from './bundle';
import { serveFeed } from './feed-server';
import { logFunction } from './logging';
import { workerTuning } from './tuning';
import { watchOverdue } from './metrics';
import { ensureDigestSchedule } from './schedules';

/** Every shipped profile is validated before the worker takes work: a bad one stops start-up. */
export function validateProfiles(): void {
  for (const id of profileIds) loadProfile(id);
}

/**
 * Closes what the worker opened once it has stopped (after `run()` or `runUntil()` returns or
 * throws), so a process or a test ends without open handles. Worker plugins are marked
 * experimental in the SDK; this one uses only the `runWorker` hook.
 */
function closeOnShutdown(close: () => Promise<void>): WorkerPlugin {
  return {
    name: 'forlopsvakt-close-connections',
    async runWorker(worker, next) {
      try {
        await next(worker);
      } finally {
        await close();
      }
    },
  };
}

/**
 * The worker, with its daily digest schedule ensured. It holds two connections: the native one it
 * polls on, and a client for the digest activities, the overdue gauges and the calendar feed (with
 * CALENDAR_PORT); they close, and the feed stops, when it stops.
 */
export async function createWorker(config: Config, send: SendMail = smtpSender(config)): Promise<Worker> {
  // Production mode (FORLOPSVAKT_ENV=production) refuses before anything is opened.
  await assertProductionReady(config, 'worker');
  validateProfiles();
  const tuning = workerTuning(config);
  const client = await connectClient(config);
  let connection: NativeConnection | undefined;
  let stopWatching: () => void = () => undefined;
  let stopFeed: () => Promise<void> = async () => undefined;
  const close = async () => {
    stopWatching();
    await stopFeed();
    await client.connection.close();
    await connection?.close();
  };
  try {
    await ensureDigestSchedule(client, config);
    if (config.METRICS_PORT !== undefined) stopWatching = watchOverdue(client);
    if (config.CALENDAR_PORT !== undefined) {
      // loadConfig refuses a port without a secret; an empty key would let anyone make a token.
      if (!config.CALENDAR_SECRET)
        throw new Error('Bad configuration: CALENDAR_SECRET: must be set when CALENDAR_PORT is');
      const feed = { port: config.CALENDAR_PORT, secret: config.CALENDAR_SECRET, links: linksOf(config) };
      stopFeed = (await serveFeed(client, feed)).stop;
    }
    connection = await NativeConnection.connect(connectionOptions(config));
    return await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      ...workflowCode((reason) => Runtime.instance().logger.warn(`Bundling the workflows at start-up: ${reason}`)),
      dataConverter: dataConverterFor(config),
      activities: {
        ...createActivities({ deliver: smtpDelivery(config, send), retry: deliveryRetryOf(config) }),
        ...createDigestActivities({ client, send, links: linksOf(config), retry: deliveryRetryOf(config) }),
      },
      ...tuning,
      plugins: [closeOnShutdown(close)],
    });
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The SDK runtime, once per process: its log lines in LOG_FORMAT (worker/logging.ts; JSON unless
 * set), free of patient data by construction, and with METRICS_PORT the SDK's and our own metrics
 * for Prometheus on /metrics (see docs/operations.md, "Monitoring").
 */
export function installRuntime(
  config: Pick<Config, 'LOG_LEVEL' | 'METRICS_PORT'> & Partial<Pick<Config, 'LOG_FORMAT'>>,
): void {
  Runtime.install({
    logger: new DefaultLogger(config.LOG_LEVEL, logFunction(config.LOG_FORMAT ?? 'json')),
    ...(config.METRICS_PORT !== undefined
      ? {
          telemetryOptions: {
            metrics: { prometheus: { bindAddress: `0.0.0.0:${config.METRICS_PORT}`, countersTotalSuffix: true } },
          },
        }
      : {}),
  });
}
