// A rejected event or start (domain §8): the message names the problem, and nothing changed.
import type { z } from 'zod';

export class EventRejected extends Error {
  override name = 'EventRejected';
}

export const reject = (message: string): never => {
  throw new EventRejected(message);
};

/** A zod error as one line naming each bad field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}
