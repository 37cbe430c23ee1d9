// Production mode (FORLOPSVAKT_ENV=production): settings that are fine on a laptop but not with
// patient data stop start-up, each named with what to set instead. The worker (worker/index.ts) and
// the codec server (codec/server.ts) call assertProductionReady() before they take any work;
// docs/operations.md, "Security", lists the checks and what is left to the operator.
import { isIP } from 'node:net';
import { plaintextFlagExpired } from '../codec/aes-gcm';
import type { Config } from './index';
import { temporalTls } from './temporal';

/** Which process starts: the codec server neither connects to Temporal nor sends mail. */
export type Entry = 'worker' | 'codec-server';

const loopbackHost = (host: string) =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

/** What production mode refuses in the configuration itself; empty when start-up may go on. */
export function productionProblems(config: Config, entry: Entry = 'worker', now = new Date()): string[] {
  const problems: string[] = [];
  if (!config.CODEC_KEYS)
    problems.push(
      'CODEC_KEYS is not set: payloads would be stored unencrypted; set CODEC_KEYS and CODEC_ACTIVE_KEY_ID',
    );
  if (config.CODEC_ACCEPT_PLAINTEXT_UNTIL && plaintextFlagExpired(config.CODEC_ACCEPT_PLAINTEXT_UNTIL, now))
    problems.push(
      `CODEC_ACCEPT_PLAINTEXT_UNTIL=${config.CODEC_ACCEPT_PLAINTEXT_UNTIL} has passed: remove it (the migration to encrypted payloads is over)`,
    );
  if (entry === 'codec-server') return problems;
  if (config.SMTP_TLS === 'none' && !loopbackHost(config.SMTP_HOST))
    problems.push(
      `SMTP_TLS=none towards ${config.SMTP_HOST}: reminders would cross the network in clear text; set SMTP_TLS=starttls or implicit`,
    );
  if (!temporalTls(config))
    problems.push(
      'no TLS to Temporal: set TEMPORAL_TLS=true (with TEMPORAL_TLS_CA_FILE for a private CA, TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE for mTLS) or TEMPORAL_API_KEY',
    );
  return problems;
}

/** The switches of the UI server (temporalio/ui) that must be on: each is a destructive action staff could take. */
export const uiDestructiveActionSwitches = {
  WorkflowTerminateDisabled: 'TEMPORAL_WORKFLOW_TERMINATE_DISABLED',
  WorkflowCancelDisabled: 'TEMPORAL_WORKFLOW_CANCEL_DISABLED',
  WorkflowResetDisabled: 'TEMPORAL_WORKFLOW_RESET_DISABLED',
  WorkflowSignalDisabled: 'TEMPORAL_WORKFLOW_SIGNAL_DISABLED',
  WorkflowPauseDisabled: 'TEMPORAL_WORKFLOW_PAUSE_DISABLED',
  BatchActionsDisabled: 'TEMPORAL_BATCH_ACTIONS_DISABLED',
  StartWorkflowDisabled: 'TEMPORAL_START_WORKFLOW_DISABLED',
  ActivityCommandsDisabled: 'TEMPORAL_ACTIVITY_COMMANDS_DISABLED',
} as const;

/** The UI server's public settings (`GET /api/v1/settings`), the fields read here. */
export type UiSettings = Partial<Record<keyof typeof uiDestructiveActionSwitches | 'DisableWriteActions', boolean>> & {
  Auth?: { Enabled?: boolean };
};

/**
 * What is wrong with the UI's settings: a destructive action left on, or no sign-in. Updates stay
 * allowed (admins record events with "Send an Update"), so DisableWriteActions, which would turn
 * them off too, is not asked for; when it is on anyway every switch counts as on.
 */
export function uiSettingsProblems(settings: UiSettings): string[] {
  const problems = Object.entries(uiDestructiveActionSwitches)
    .filter(([field]) => !settings.DisableWriteActions && settings[field as keyof UiSettings] !== true)
    .map(
      ([field, variable]) =>
        `the Temporal UI allows a destructive action (${field} is not true): set ${variable}=true on temporal-ui`,
    );
  if (settings.Auth?.Enabled !== true)
    problems.push(
      'the Temporal UI has no sign-in (Auth.Enabled is not true): set TEMPORAL_AUTH_ENABLED=true and the TEMPORAL_AUTH_* variables on temporal-ui',
    );
  return problems;
}

/** Reads the UI server's settings through TEMPORAL_UI_INTERNAL_URL; an unset or unreachable UI is a problem too. */
export async function uiProblems(
  config: Pick<Config, 'TEMPORAL_UI_INTERNAL_URL'>,
  timeoutMs = 5_000,
): Promise<string[]> {
  if (!config.TEMPORAL_UI_INTERNAL_URL)
    return [
      'TEMPORAL_UI_INTERNAL_URL is not set: the worker cannot check that the Temporal UI has its destructive actions off; set it (compose: http://temporal-ui:8080)',
    ];
  const url = new URL('api/v1/settings', config.TEMPORAL_UI_INTERNAL_URL.replace(/\/?$/, '/')).toString();
  let settings: UiSettings;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    settings = (await response.json()) as UiSettings;
  } catch (err) {
    return [
      `the Temporal UI's settings at ${url} could not be read (${(err as Error).message}): check TEMPORAL_UI_INTERNAL_URL and that temporal-ui runs`,
    ];
  }
  return uiSettingsProblems(settings);
}

/**
 * Stops start-up in production mode with one message listing every problem; does nothing in
 * development. The worker also checks the UI, which the codec server does not depend on.
 */
export async function assertProductionReady(config: Config, entry: Entry): Promise<void> {
  if (config.FORLOPSVAKT_ENV !== 'production') return;
  const problems = [...productionProblems(config, entry), ...(entry === 'worker' ? await uiProblems(config) : [])];
  if (problems.length > 0)
    throw new Error(
      `Refusing to start in production mode (FORLOPSVAKT_ENV=production):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
}
