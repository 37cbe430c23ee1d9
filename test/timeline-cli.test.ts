// `forlopsvakt course timeline` as an admin runs it (bin/forlopsvakt) against the dev server with a
// worker: the course drawn to an SVG file and a standalone HTML page, or to stdout.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CourseView } from '../domain';
import { cliAgainstDevServer } from './helpers/cli';
import { startInput } from './helpers/fixtures';

const queue = 'timeline-cli-test';
const harness = cliAgainstDevServer(queue);
const cli = harness.cli;

test('timeline draws the course as SVG and as a standalone HTML page', async () => {
  // Admitted 30 hours ago: the admission notice (24 h, ADM-NOTICE) sent late, the rest open or overdue.
  const at = new Date(Date.now() - 30 * 3_600_000).toISOString();
  const input = startInput('admission-discharge', 'ahus', {
    firstEvent: { kind: 'admission', hasMunicipalServices: true, at },
  });
  expect((await cli('course', 'start', '--data', JSON.stringify(input))).code).toBe(0);
  const notice = ['messageSent', '--data', '{"message":"admissionNotice"}', '--by', 'clerk-7'];
  expect((await cli('course', 'event', input.courseRef, ...notice)).code).toBe(0);

  const dir = mkdtempSync(join(tmpdir(), 'forlopsvakt-timeline-'));
  const [svgFile, htmlFile] = [join(dir, 'course.svg'), join(dir, 'course.html')];
  const run = await cli('course', 'timeline', input.courseRef, '--svg', svgFile, '--html', htmlFile);
  expect(run).toMatchObject({ code: 0, stdout: `wrote ${svgFile} and ${htmlFile}\n` });

  const svg = readFileSync(svgFile, 'utf8');
  expect(svg).toMatch(/^<svg [^]*<\/svg>$/);
  const view = JSON.parse((await cli('course', 'show', input.courseRef, '--json')).stdout) as CourseView;
  expect(view.closedObligations.map((c) => [c.key, c.outcome])).toContainEqual(['ADM-NOTICE#1', 'done']);
  expect(view.openObligations.length).toBeGreaterThan(0);
  for (const o of [...view.openObligations, ...view.closedObligations]) expect(svg).toContain(`>${o.key}</text>`);
  expect(svg).toContain('class="mark-rule role-mark now_marks"');
  expect(svg).toContain('aria-label="messageSent ');
  expect(svg).not.toContain('clerk-7');
  const html = readFileSync(htmlFile, 'utf8');
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain(`<title>Course ${input.courseRef}: timeline</title>`);
  expect(html).toContain(svg);

  expect((await cli('course', 'timeline', input.courseRef)).stdout).toMatch(/^<svg [^]*<\/svg>$/);
  expect((await cli('course', 'timeline', '--help')).stdout).toMatch(/^Usage: forlopsvakt course timeline/);
  expect(await cli('course', 'timeline', 'no-such-course', '--svg', svgFile)).toMatchObject({
    code: 1,
    stderr: expect.stringMatching(/^forlopsvakt: no course with that reference/),
  });
});
