// Reading docker-compose.yml for test/compose.test.ts: a service's environment, its bind mounts,
// and the variables compose substitutes.

export type EnvValue = string | number | boolean | null;
export interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  healthcheck?: { test?: unknown; disable?: boolean };
  environment?: Record<string, EnvValue> | string[];
  command?: unknown;
  volumes?: string[];
}

/** A service's environment as a map; `null` is a variable passed through from .env or the shell. */
export function environmentOf(service: Service): Record<string, EnvValue> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env;
  return Object.fromEntries(
    env.map((entry) => {
      const eq = entry.indexOf('=');
      return eq < 0 ? [entry, null] : [entry.slice(0, eq), entry.slice(eq + 1)];
    }),
  );
}

/** `${NAME}`, `${NAME:-default}`, `${NAME?error}`...: the names compose substitutes (not `$${...}`). */
export const substituted = (text: string): string[] => [
  ...new Set([...text.replace(/\$\$/g, '').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!)),
];

/** A service's bind mounts from the repository: host path (from the repository root) → container path. */
export const mountsOf = (service: Service): Record<string, string> =>
  Object.fromEntries(
    (service.volumes ?? [])
      .filter((v) => v.startsWith('./'))
      .map((v) => v.split(':'))
      .map(([host, container]) => [host!.slice(2), container!]),
  );
