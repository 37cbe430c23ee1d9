// The labels a course may carry (domain §7: search attributes and details are never encrypted, so
// they hold a unit or a municipality, never anything about the patient): per agreement profile, the
// municipalities its agreement covers and the hospital units that start courses under it. The
// lists are data in domain/labels/<profile>.json, edited without touching code; a bad file stops
// start-up with a message naming it, like a bad profile (domain/profiles.ts).
import { z } from 'zod';
import { describeIssues } from './rejections';
import ahus from './labels/ahus.json';
import hnt from './labels/hnt.json';
import unn from './labels/unn.json';

const names = z
  .array(z.string().regex(/^[\p{L}\p{N} .-]{1,60}$/u, 'letters, digits, spaces, dots and dashes only'))
  .min(1)
  .refine((list) => new Set(list).size === list.length, { message: 'has a name twice' });

const labelListSchema = z.strictObject({
  profile: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** The agreement the lists belong to, for whoever edits the file. */
  agreement: z.string().min(1),
  municipalities: names,
  hospitalUnits: names,
});
export type LabelList = z.infer<typeof labelListSchema>;

/** One file per shipped profile (domain/profiles.ts); test/labels.test.ts checks none is missing. */
const files: Record<string, unknown> = { ahus, hnt, unn };

/** Where a profile's lists live, as the error messages cite it. */
export const labelFile = (profile: string): string => `domain/labels/${profile}.json`;

const cache = new Map<string, LabelList>();
/** The label lists of a profile, validated; undefined for a profile without a file. */
export function labelListOf(profile: string): LabelList | undefined {
  let list = cache.get(profile);
  if (!list && Object.hasOwn(files, profile)) {
    const result = labelListSchema.safeParse(files[profile]);
    if (!result.success) throw new Error(`${labelFile(profile)} is invalid: ${describeIssues(result.error)}`);
    if (result.data.profile !== profile)
      throw new Error(`${labelFile(profile)} is invalid: profile must be '${profile}'`);
    list = result.data;
    cache.set(profile, list);
  }
  return list;
}

export const labelProfiles = Object.keys(files);
