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

/** `Name=Type` as `temporal server start-dev --search-attribute` takes them. */
export const devServerFlags = (): string[] => {
  const typeName: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime', INT: 'Int' };
  return courseSearchAttributes.flatMap((k) => ['--search-attribute', `${k.name}=${typeName[k.type]}`]);
};
