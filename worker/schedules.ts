// The daily digest schedule, owned by the worker that runs the digest: 07:30 Europe/Oslo, Monday
// to Friday; the workflow itself skips public holidays (docs/spec/domain.md §6). Every worker start
// creates it when missing and leaves an existing one as it is (docs/operations.md, "Several workers").
import { ScheduleAlreadyRunning, type Client } from '@temporalio/client';
import type { Config } from '../config';
import { digestScheduleId } from '../workflows/contract';
import { digestWorkflow } from '../workflows';

export async function ensureDigestSchedule(client: Client, config: Config): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: digestScheduleId,
      spec: {
        calendars: [{ hour: 7, minute: 30, dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'] }],
        timezone: 'Europe/Oslo',
      },
      action: {
        type: 'startWorkflow',
        workflowType: digestWorkflow,
        args: [{}],
        taskQueue: config.TEMPORAL_TASK_QUEUE,
      },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
