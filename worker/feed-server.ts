// The feed server (docs/operations.md, "Calendar feed" and "Timeline pages"): with CALENDAR_PORT the
// worker answers `GET /calendar/<mailbox>.ics?token=…` with that mailbox's open deadlines, and
// `GET /timeline/<courseRef>.html?token=…` with the course's timeline page, the page the course's
// details in the Temporal UI link to (activities/feed). A missing or wrong token is 401, an unknown
// course or any other path 404 (another method 405). The logs name no mailbox, course, token or
// content: only what failed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Runtime } from '@temporalio/worker';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { collectCourses, courseTimeline, type CollectedCourses } from '../activities/feed/courses';
import { deadlineCalendar } from '../activities/feed/ics';
import { targetOfPath, tokenMatches, type FeedTarget } from '../activities/feed/token';
import { timelinePage } from '../activities/feed/timeline';
import type { Links } from '../activities/email/shared';

/** Many calendars polling at once share one round of queries over the running courses. */
export const collectedForMs = 30_000;

/** Reads the courses at most once per `ms`; requests meanwhile share the last (or the pending) read. */
function shared(read: () => Promise<CollectedCourses>, ms: number): () => Promise<CollectedCourses> {
  let last: { at: number; value: Promise<CollectedCourses> } | undefined;
  return () => {
    if (last && Date.now() - last.at < ms) return last.value;
    const value = read().then((collected) => {
      for (const { courseRef, error } of collected.unreadable) {
        Runtime.instance().logger.warn('calendar feed: course not read, its deadlines are missing', {
          courseRef,
          error,
        });
      }
      return collected;
    });
    const current = { at: Date.now(), value };
    // A failed read is not kept: the next request tries again.
    value.catch(() => {
      if (last === current) last = undefined;
    });
    last = current;
    return value;
  };
}

/** Starts the feed server; resolves with its port once it listens, and a function that stops it. */
export async function serveFeed(
  client: Client,
  options: { port: number; secret: string; links: Links; host?: string },
): Promise<{ port: number; stop: () => Promise<void> }> {
  const courses = shared(() => collectCourses(client), collectedForMs);

  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, text: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
    };
    const url = new URL(req.url ?? '/', 'http://feed');
    const target = targetOfPath(url.pathname);
    if (!target) return send(404, 'not found\n');
    // Node sends no body for HEAD, which some calendar programs ask first.
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n', { allow: 'GET, HEAD' });
    if (!tokenMatches(options.secret, target, url.searchParams.get('token') ?? '')) {
      return send(401, 'unauthorised\n');
    }
    try {
      const { headers, body } = await answer(target);
      // The URL carries a credential: no shared cache keeps the answer.
      res.writeHead(200, { ...headers, 'cache-control': 'private, no-store' }).end(body);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return send(404, 'no such course\n');
      Runtime.instance().logger.warn(`${target.kind} feed not served`, { error: (err as Error).message });
      send(503, 'the feed is unavailable, try again later\n');
    }
  };

  const answer = async (target: FeedTarget): Promise<{ headers: Record<string, string>; body: string }> => {
    if (target.kind === 'calendar') {
      const body = deadlineCalendar((await courses()).courses, target.mailbox, options.links);
      const headers = {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="forlopsvakt.ics"',
      };
      return { headers, body };
    }
    const { svg } = await courseTimeline(client, target.courseRef);
    return { headers: { 'content-type': 'text/html; charset=utf-8' }, body: timelinePage(target.courseRef, svg) };
  };

  const server = createServer((req, res) => void respond(req, res).catch(() => res.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', resolve);
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { port: (server.address() as AddressInfo).port, stop };
}
