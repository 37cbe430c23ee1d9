// The overdue gauges for Prometheus (docs/operations.md, "Monitoring"): how many open obligations
// are past their deadline across every running course, read from the OverdueCount search attribute
// the courses publish. Every worker reports the same cluster-wide figure; alert on its max, not its sum.
import type { Client } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { overdueCountKey } from '../workflows/search-attributes';

export async function readOverdue(client: Client): Promise<{ obligations: number; courses: number }> {
  let obligations = 0;
  let courses = 0;
  for await (const wf of client.workflow.list({
    query: `${overdueCountKey.name} > 0 AND ExecutionStatus = 'Running'`,
  })) {
    courses += 1;
    obligations += wf.typedSearchAttributes.get(overdueCountKey) ?? 0;
  }
  return { obligations, courses };
}

/** Refreshes the gauges now and every `everyMs` until the returned function is called. */
export function watchOverdue(client: Client, everyMs = 15_000): () => void {
  const meter = Runtime.instance().metricMeter;
  const obligationsGauge = meter.createGauge(
    'forlopsvakt_overdue_obligations',
    'int',
    'obligations',
    'Open obligations past their deadline, across running courses',
  );
  const coursesGauge = meter.createGauge(
    'forlopsvakt_overdue_courses',
    'int',
    'courses',
    'Running courses with at least one overdue obligation',
  );
  const refresh = async () => {
    try {
      const { obligations, courses } = await readOverdue(client);
      obligationsGauge.set(obligations);
      coursesGauge.set(courses);
    } catch (err) {
      // A visibility hiccup must not stop the worker; the gauges keep their last value.
      Runtime.instance().logger.warn('overdue gauges not refreshed', { error: (err as Error).message });
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), everyMs).unref();
  return () => clearInterval(timer);
}
