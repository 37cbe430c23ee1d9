// A vega-lite spec to SVG without a browser, and the standalone page around it.
//
// vega and vega-lite are ES modules only, and vega awaits at its top level (for an optional
// canvas), so CommonJS cannot require() them, TypeScript's CommonJS output turns `import()` into
// require(), and jest loads ES modules only under --experimental-vm-modules. A child Node process
// imports them natively instead: the spec goes in on stdin, the SVG comes out on stdout. The
// renderer 'none' draws no canvas; text widths are estimated.
import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { TopLevelSpec } from 'vega-lite/build/index';

const renderScript = `
const [vegaUrl, liteUrl] = process.argv.slice(1);
const [vega, lite] = await Promise.all([import(vegaUrl), import(liteUrl)]);
process.stdin.setEncoding('utf8');
let text = '';
for await (const chunk of process.stdin) text += chunk;
const { spec } = lite.compile(JSON.parse(text));
process.stdout.write(await new vega.View(vega.parse(spec), { renderer: 'none' }).toSVG());
`;

/** Compiles the vega-lite spec to vega and renders it to an SVG document. */
export function renderSvg(spec: TopLevelSpec): Promise<string> {
  const modules = ['vega', 'vega-lite'].map((name) => pathToFileURL(require.resolve(name)).href);
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', renderScript, ...modules],
      { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (!err) return resolve(shortCoordinates(stdout));
        const reason = stderr.split('\n').find((line) => /Error/.test(line)) ?? err.message;
        reject(new Error(`could not draw the picture: ${reason.trim()}`, { cause: err }));
      },
    );
    child.stdin?.end(JSON.stringify(spec));
  });
}

/**
 * Vega writes coordinates with every digit of a double (a dozen or more after the point):
 * two decimals are finer than a pixel, and a long run of digits reads like an identity number to
 * anyone scanning the picture for one. Only numbers inside tags are cut; text is left as drawn.
 */
const shortCoordinates = (svg: string): string =>
  svg.replace(/<[^>]*>/g, (tag) => tag.replace(/(\d\.\d{2})\d+/g, '$1'));

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page that needs nothing else: the SVG inline, no scripts, fonts or links to fetch. */
export function standaloneHtml(title: string, svg: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body { font-family: sans-serif; margin: 2rem; } svg { max-width: 100%; height: auto; }</style>',
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    svg,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
