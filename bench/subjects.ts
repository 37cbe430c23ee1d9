// What the load phases run, for each subject: Forløpsvakt's course workflow, and the bare
// baseline. Each subject starts a long-lived workflow of the scale set, a workflow with one
// deadline at a given instant for the burst, and sends an update to a held workflow.
import type { Client } from '@temporalio/client';
import { recordEvent, startCourseWorkflow } from '../client/courses';
import type { Config } from '../config';
import type { CourseKind } from '../domain';
// The tests' care team: functional mailboxes only, no patient data (domain §8).
import { startInput } from '../test/helpers/fixtures';
import { bareUpdate, bareWorkflow } from './baseline/workflows';

export type SubjectName = 'baseline' | 'forlopsvakt';
export const baselineTaskQueue = 'bench-baseline';

export interface Subject {
  name: SubjectName;
  taskQueue(config: Config): string;
  /** Starts workflow `i` of the scale set; returns its id. */
  startHeld(client: Client, config: Config, i: number): Promise<string>;
  /** Starts burst workflow `i`, whose one deadline is `dueAt`; returns the business key of the mail sent at it. */
  startBurst(client: Client, config: Config, i: number, dueAt: Date): Promise<string>;
  /** One update round trip on a held workflow: `recordEvent`, or the baseline's trivial update. */
  update(client: Client, workflowId: string): Promise<void>;
}

const DAY_MS = 24 * 3_600_000;
// In the default course reference pattern (a prefix, a year and a number, domain/edge.ts).
const ref = (prefix: string, i: number) => `${prefix}-2026-${String(i).padStart(6, '0')}`;

export const baseline: Subject = {
  name: 'baseline',
  taskQueue: () => baselineTaskQueue,
  async startHeld(client, _config, i) {
    const workflowId = ref('bare', i);
    await client.workflow.start(bareWorkflow, {
      taskQueue: baselineTaskQueue,
      workflowId,
      args: [{ businessKey: `${workflowId}/due`, dueAt: new Date(Date.now() + 30 * DAY_MS).toISOString() }],
    });
    return workflowId;
  },
  async startBurst(client, _config, i, dueAt) {
    const workflowId = ref('bare-burst', i);
    const businessKey = `${workflowId}/due`;
    await client.workflow.start(bareWorkflow, {
      taskQueue: baselineTaskQueue,
      workflowId,
      args: [{ businessKey, dueAt: dueAt.toISOString() }],
    });
    return businessKey;
  },
  async update(client, workflowId) {
    await client.workflow.getHandle(workflowId).executeUpdate(bareUpdate);
  },
};

const kinds: CourseKind[] = ['forensic-tud', 'admission-discharge', 'long-term-coordinated', 'agreement-review'];
const profiles = ['ahus', 'hnt', 'unn'];

export const forlopsvakt: Subject = {
  name: 'forlopsvakt',
  taskQueue: (config) => config.TEMPORAL_TASK_QUEUE,
  async startHeld(client, config, i) {
    // Every kind under every profile, in turn.
    const kind = kinds[i % kinds.length]!;
    const courseRef = ref('bench', i);
    await startCourseWorkflow(
      client,
      config,
      startInput(kind, profiles[Math.floor(i / kinds.length) % profiles.length], { courseRef }),
    );
    return courseRef;
  },
  async startBurst(client, config, i, dueAt) {
    // ADM-STATUS (HNT, domain §9.8: the ward's status when no early notice is due) is due 24 h after
    // the admission: a back-dated admission puts its deadline at `dueAt`.
    const courseRef = ref('burst', i);
    const firstEvent = {
      kind: 'admission',
      hasMunicipalServices: false,
      at: new Date(dueAt.getTime() - DAY_MS).toISOString(),
    };
    await startCourseWorkflow(client, config, startInput('admission-discharge', 'hnt', { courseRef, firstEvent }));
    return `${courseRef}/ADM-STATUS#1/due/ward`;
  },
  async update(client, workflowId) {
    // Accepted in every phase of every kind, once a minute per course.
    await recordEvent(client, workflowId, { kind: 'riskAssessed' });
  },
};

export const subjects = { baseline, forlopsvakt };
