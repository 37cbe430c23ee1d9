// How every process connects to Temporal: the CLI, the worker and the local launcher build their
// connections here and nowhere else, so a setting added later (TLS, an API key) reaches them all.
import { Client, Connection } from '@temporalio/client';
import { dataConverterFor } from '../codec/aes-gcm';
import type { Config } from './index';

/** How long a command waits for the server before it gives up with one clear line. */
export const connectTimeoutMs = 5_000;

/**
 * The options a client `Connection` and the worker's `NativeConnection` share:
 * `NativeConnection.connect(connectionOptions(config))` in the worker.
 */
export function connectionOptions(config: Config): { address: string } {
  return { address: config.TEMPORAL_ADDRESS };
}

/**
 * A client on the configured namespace with the configured payload codec, so what it writes is
 * encrypted like the worker's. The caller closes it with `client.connection.close()`.
 */
export async function connectClient(config: Config, connectTimeout = connectTimeoutMs): Promise<Client> {
  const connection = await Connection.connect({ ...connectionOptions(config), connectTimeout });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config) });
}
