// Custom search attributes for the Temporal UI: course kind, profile, phase,
// next deadline, overdue count, hospital unit, municipality. Nothing personal: search
// attributes are never encrypted.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const courseKindKey = defineSearchAttributeKey('CourseKind', SearchAttributeType.KEYWORD);
export const profileKey = defineSearchAttributeKey('AgreementProfile', SearchAttributeType.KEYWORD);
export const phaseKey = defineSearchAttributeKey('CoursePhase', SearchAttributeType.KEYWORD);
export const nextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const overdueCountKey = defineSearchAttributeKey('OverdueCount', SearchAttributeType.INT);
export const hospitalUnitKey = defineSearchAttributeKey('HospitalUnit', SearchAttributeType.KEYWORD);
export const municipalityKey = defineSearchAttributeKey('Municipality', SearchAttributeType.KEYWORD);

export const courseSearchAttributes = [
  courseKindKey,
  profileKey,
  phaseKey,
  nextDeadlineKey,
  overdueCountKey,
  hospitalUnitKey,
  municipalityKey,
];

/**
 * Temporal's own record of the patches a run took (the SDK upserts it beside each marker). A client
 * sets it at the start of a course it stamps with its code, which records no marker (client/courses.ts
 * `courseStart`), so a query on it finds every course on a code either way.
 */
export const changeVersionKey = defineSearchAttributeKey('TemporalChangeVersion', SearchAttributeType.KEYWORD_LIST);

/** `Name=Type` as `temporal server start-dev --search-attribute` takes them. */
export const devServerFlags = (): string[] => {
  const typeName: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime', INT: 'Int' };
  return courseSearchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${typeName[k.type]}`]);
};
