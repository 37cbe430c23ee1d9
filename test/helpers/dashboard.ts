// Reading a Grafana dashboard for test/compose.test.ts: its panels (rows' nested ones too), and the
// series a PromQL query names.

export interface Panel {
  type: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; datasource?: { type?: string; uid?: string } }[];
  panels?: Panel[];
}

export const panelsOf = (dashboard: { panels?: Panel[] }): Panel[] =>
  (dashboard.panels ?? []).flatMap((p) => [p, ...panelsOf(p)]);

/**
 * The metric names in a PromQL expression: what is left once strings, label matchers, range
 * selectors (with Grafana's `$__rate_interval`) and `by (...)`-style label lists are taken out,
 * minus function calls and operators.
 */
export function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const operators = new Set(['and', 'or', 'unless', 'bool', 'offset', 'group_left', 'group_right']);
  return [...bare.matchAll(/(?<![\w:.$])[A-Za-z_:][\w:]*(?![\w:]|\s*\()/g)]
    .map((m) => m[0])
    .filter((name) => !operators.has(name));
}
