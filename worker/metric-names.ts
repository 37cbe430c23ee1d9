// The series of the worker's /metrics that the Grafana dashboard (deploy/grafana/dashboards) and the
// alerts in docs/operations.md read, as Prometheus names them (counters with `_total`; a histogram
// is read through its `_bucket`, `_sum` and `_count` series). test/metrics.test.ts checks that the
// worker exports each of them (the failure counters only appear once something has failed), and
// test/compose.test.ts that the dashboard reads no other series.
export type MetricType = 'counter' | 'gauge' | 'histogram';

export const workerMetrics = {
  // Forløpsvakt's own (activities/index.ts, worker/metrics.ts), labelled by rule and reminder kind.
  forlopsvakt_reminders_sent_total: { type: 'counter' },
  forlopsvakt_reminders_failed_total: { type: 'counter', afterFailure: true },
  // Labelled by problem (auth, tls, sender, message): the mail settings need an operator (activities/email/failures.ts).
  forlopsvakt_smtp_configuration_errors_total: { type: 'counter', afterFailure: true },
  forlopsvakt_overdue_obligations: { type: 'gauge' },
  forlopsvakt_overdue_courses: { type: 'gauge' },
  // The SDK's runtime metrics, in milliseconds; activities carry an `activity_type` label.
  temporal_activity_execution_latency: { type: 'histogram' },
  temporal_activity_schedule_to_start_latency: { type: 'histogram' },
  temporal_activity_execution_failed_total: { type: 'counter', afterFailure: true },
  temporal_workflow_task_schedule_to_start_latency: { type: 'histogram' },
  temporal_workflow_task_execution_latency: { type: 'histogram' },
  temporal_workflow_task_execution_failed_total: { type: 'counter', afterFailure: true },
  temporal_worker_task_slots_available: { type: 'gauge' },
} satisfies Record<string, { type: MetricType; afterFailure?: true }>;

export type WorkerMetricName = keyof typeof workerMetrics;
