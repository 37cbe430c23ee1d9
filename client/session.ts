// What a CLI command needs from its surroundings, made on first use: the configuration and one
// Temporal client. Offline commands (`rules`, `--help`) read neither and work without a server.
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { connectClient } from '../config/temporal';

export class Session {
  private loaded?: Config;
  private client?: Client;

  config(): Config {
    return (this.loaded ??= loadConfig());
  }

  /** The client, connected on the first call; an unreachable server is one line naming the address. */
  async temporal(): Promise<Client> {
    if (this.client) return this.client;
    const config = this.config();
    try {
      return (this.client = await connectClient(config));
    } catch (err) {
      const hint = '(is `forlopsvakt dev` or the cluster running?)';
      throw new Error(`Cannot reach Temporal at ${config.TEMPORAL_ADDRESS} ${hint}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    await this.client?.connection.close();
  }
}
