// The one public entry of the rules engine. Workflows, activities, clients and tests import the
// domain from here only; the files behind it are free to move.
//
// The engine is pure (docs/decisions/0001-engine-is-pure.md): `startCourse` and `decide` take an
// event, `advance` lets time pass, `nextWakeUp` says when to call it next; each returns the new
// state and the reminders to send. Rules are data (catalogue.ts), regions are data (profiles.ts).
export { startAsOf, startCourse, startInputSchema, type StartInput } from './start';
export { alreadyRecorded, checkSameEvent, decide, type Decision } from './decide';
export { adoptCourse, adoptionOverrideReason, type AdoptInput, type Adopted } from './adopt';
export { upgradeToRevision2 } from './upgrade';
export { advance, nextWakeUp, nextWakeUpReason, type WakeUpReason } from './time';
export { recordDeliveryFailure } from './recipients';
export { courseView, digestItems, openObligations, ruleSource, waitingDays } from './views';
export type { ClosedObligationView, CourseView, DigestItem, ObligationView } from './views';
export { gateMissing } from './gates';
export { firstEventKinds } from './phases';
export { EventRejected } from './rejections';
export {
  defaultCourseRefPattern,
  identityNumberIssues,
  InputRejected,
  validateEvent,
  checkStart,
  validateStart,
  type Issue,
  type StartChecks,
} from './edge';
export { containsIdentityNumber, identityNumberMessage, opaqueKey } from './identity';
export { labelFile, labelListOf, labelProfiles, type LabelList } from './labels';
export {
  add,
  calendarDaysBetween,
  easterSunday,
  formatOslo,
  formatOsloShort,
  isInsideWindow,
  isPublicHoliday,
  isWorkingDay,
  localDate,
  parseInstant,
  publicHolidays,
  startOfNextLocalDay,
  subtract,
  windowClosing,
  windowOpening,
  ZONE,
  type DailyWindow,
  type DurationSpec,
  type Instant,
  type LocalDate,
} from './calendar';
export { catalogue, roleTitles, rule, ruleIds } from './catalogue';
export { gateTitles, type Gate, type Rule, type Text } from './rule';
export {
  currentRevision,
  hasRule,
  isLocalDefault,
  profileHas,
  revisionOf,
  ruleOf,
  rulesOf,
  type Revision,
} from './rulebook';
export { agreements, localDefaultText, sourceText } from './sources';
export {
  eventIdSchema,
  eventKinds,
  meetingKinds,
  messageKinds,
  planKinds,
  type EventInput,
  type EventKind,
  type RecordedEvent,
} from './events';
export {
  careTeamSchema,
  courseKinds,
  courseRefSchema,
  roles,
  type CareTeam,
  type CourseKind,
  type CourseState,
  type OverdueAtAdoption,
  type Phase,
  type Reminder,
  type ReminderKind,
  type Role,
} from './model';
export { loadProfile, parseProfile, profileIds, shippedProfiles, type Profile } from './profiles';
