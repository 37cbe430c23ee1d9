// Events for the property tests of the engine (test/rules/property.test.ts): every kind an admin can
// record, and input that must be refused.
import { meetingKinds, messageKinds, planKinds, ruleIds } from '../../domain';
import type { Ev } from './forensic';

/** Every gate an event can wait for (domain §4.3, §9.7). */
export const gates = ['firstLeave', 'leave', 'dischargeReady', 'discharge'] as const;

/** One event of every kind and shape an admin can record (each flag set and unset). */
export const anyEvent: Ev[] = [
  { kind: 'admission', hasMunicipalServices: true },
  { kind: 'courseStarted' },
  { kind: 'servicesNeedFound' },
  { kind: 'assessmentDeferred' },
  { kind: 'supplementNeeded' },
  { kind: 'meetingNeeded' },
  { kind: 'meetingNeeded', outpatientFollowUp: true },
  { kind: 'expectedDischargeChanged' },
  ...messageKinds.map((message) => ({ kind: 'messageSent', message })),
  ...meetingKinds.map((meeting) => ({ kind: 'meetingHeld', meeting })),
  { kind: 'dialogueHeld' },
  ...planKinds.map((plan) => ({ kind: 'planUpdated', plan })),
  { kind: 'planUpdated', plan: 'protection', final: true },
  { kind: 'leaveStarted' },
  { kind: 'leaveEnded' },
  { kind: 'leaveEnded', breach: true },
  { kind: 'dischargeProcessStarted' },
  { kind: 'dischargeReady' },
  { kind: 'withdrawal' },
  { kind: 'answerReceived' },
  { kind: 'answerReceived', receiveOn: '2026-06-01' },
  { kind: 'discharged' },
  { kind: 'dischargedToTud' },
  { kind: 'breach' },
  { kind: 'medicationRefused' },
  { kind: 'noShow' },
  { kind: 'ermReported' },
  { kind: 'ermReported', deterioration: true },
  { kind: 'coordinatorAppointed', party: 'hospital' },
  { kind: 'coordinatorAppointed', party: 'municipality' },
  { kind: 'ipStarted' },
  { kind: 'ipDeclined' },
  { kind: 'riskAssessed' },
  { kind: 'riskAssessed', elevatedViolenceRisk: true },
  { kind: 'patientSigned' },
  { kind: 'prosecutorApproved' },
  { kind: 'coercionEnded' },
  {
    kind: 'careTeamChanged',
    careTeam: { ward: { mailbox: 'ward2@hospital.test' }, caseOffice: { mailbox: 'co2@municipality.test' } },
  },
  ...ruleIds.map((rule) => ({ kind: 'taskDone', rule })),
  ...gates.map((gate) => ({ kind: 'override', gate, reason: 'Agreed exception, see the meeting minutes' })),
];
/** Input the engine must refuse with a message: unknown kinds, bad fields, bad instants, patient data. */
export const invalidEvent: unknown[] = [
  { kind: 'teleported' },
  {},
  null,
  'breach',
  42,
  { kind: 42 },
  { kind: 'admission' },
  { kind: 'messageSent', message: 'postcard' },
  { kind: 'override', gate: 'firstLeave', reason: 'short' },
  { kind: 'override', gate: 'never', reason: 'a long enough reason' },
  { kind: 'taskDone', rule: 'NOPE-1' },
  { kind: 'breach', patientName: 'Ola' },
  { kind: 'careTeamChanged', careTeam: {} },
  { kind: 'breach', at: 'yesterday' },
  { kind: 'dialogueHeld', at: '2099-01-01T00:00:00Z' },
  { kind: 'dialogueHeld', at: '2000-01-01T00:00:00Z' },
];
