// A fast-check property over random event sequences for every course kind: decide either returns
// or throws EventRejected, a rejection changes nothing, time never throws, no obligation is lost.
import fc from 'fast-check';
import {
  advance,
  courseView,
  decide,
  EventRejected,
  gateMissing,
  nextWakeUp,
  profileIds,
  startCourse,
  type CourseKind,
  type CourseState,
  type Decision,
} from '../../domain';
import { letTimePass } from '../../domain/time';
import { startInput } from '../helpers/fixtures';
import { admissionSteps, afterTud, dischargeProcess, dischargeReadyNotice, type Ev } from '../helpers/forensic';
import { MIN, plus, REF } from '../helpers/engine';
import { anyEvent, gates, invalidEvent } from '../helpers/events';

describe('property: random event sequences for every course kind', () => {
  const SEED = 20260522;
  const RUNS = 500;
  beforeAll(() => console.log(`rules/property.test.ts: fast-check seed ${SEED}, ${RUNS} runs per course kind`));
  const happyPath: Record<CourseKind, Ev[]> = {
    // A withdrawal and a new notice on the way (DIS-WITHDRAW): random events alone seldom hit the short
    // discharge-ready phase, now that the clinic is informed before every leave and the discharge.
    'forensic-tud': [
      ...dischargeProcess,
      { kind: 'withdrawal' },
      { kind: 'messageSent', message: 'withdrawalNotice' },
      ...dischargeReadyNotice,
      { kind: 'answerReceived', receiveOn: '2026-06-01' },
      { kind: 'dischargedToTud' },
      ...afterTud,
      { kind: 'meetingHeld', meeting: 'collaboration' },
      { kind: 'dialogueHeld' },
      { kind: 'ermReported' },
      { kind: 'noShow' },
      { kind: 'taskDone', rule: 'TUD-NOSHOW' },
    ],
    'admission-discharge': [
      { kind: 'messageSent', message: 'admissionNotice' },
      { kind: 'messageSent', message: 'admissionReport' },
      { kind: 'messageSent', message: 'statusInformation' },
      { kind: 'taskDone', rule: 'ADM-CHILDREN' },
      // The collaboration meeting gates discharge-ready under UNN (DIS-MEETING, domain §9.9).
      { kind: 'meetingHeld', meeting: 'collaboration' },
      { kind: 'messageSent', message: 'meetingSummary' },
      ...dischargeReadyNotice,
      { kind: 'answerReceived' },
      { kind: 'withdrawal' },
      { kind: 'messageSent', message: 'withdrawalNotice' },
      // Under HNT the discharge report goes before the patient leaves (DIS-LEAVE, domain §9.7).
      { kind: 'messageSent', message: 'dischargeReport' },
      { kind: 'discharged' },
      { kind: 'messageSent', message: 'dischargeSummary' },
      { kind: 'messageSent', message: 'dischargedNotice' },
    ],
    'long-term-coordinated': [
      { kind: 'coordinatorAppointed', party: 'municipality' },
      { kind: 'meetingHeld', meeting: 'responsibilityGroup' },
      { kind: 'taskDone', rule: 'LT-SOMATIC' },
      { kind: 'riskAssessed' },
      { kind: 'riskAssessed', elevatedViolenceRisk: true },
      { kind: 'planUpdated', plan: 'riskManagement' },
      { kind: 'planUpdated', plan: 'crisis' },
      // A stay inside the long course (domain §9.5).
      { kind: 'admission', hasMunicipalServices: true },
      { kind: 'meetingHeld', meeting: 'collaboration' },
      ...dischargeReadyNotice,
      { kind: 'answerReceived' },
      { kind: 'messageSent', message: 'dischargeReport' },
      { kind: 'discharged' },
    ],
    'agreement-review': [{ kind: 'meetingHeld', meeting: 'agreementReview' }],
  };
  // Long enough for the kind's happy path (forensic: through the discharge process to TUD and on).
  const maxSteps: Record<CourseKind, number> = {
    'forensic-tud': 60,
    'admission-discharge': 40,
    'long-term-coordinated': 40,
    'agreement-review': 20,
  };
  const ending: Ev[] = [{ kind: 'death' }, { kind: 'courseEnded' }];

  /** Stands for the next event of the kind's happy path, so that runs get deep into a course (to TUD and beyond). */
  const NEXT = Symbol('next');
  const stepArb = (kind: CourseKind) =>
    fc.record({
      // Mostly minutes to hours; now and then up to a month, so reminders, escalations and recurrences fall due in between.
      gapMinutes: fc.oneof(
        { weight: 2, arbitrary: fc.constant(0) },
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 180 }) },
        { weight: 2, arbitrary: fc.integer({ min: 60, max: 60 * 24 * 31 }) },
      ),
      event: fc.oneof(
        { weight: 20, arbitrary: fc.constant(NEXT) as fc.Arbitrary<unknown> },
        { weight: 4, arbitrary: fc.constantFrom(...happyPath[kind], ...admissionSteps) as fc.Arbitrary<unknown> },
        { weight: 8, arbitrary: fc.constantFrom(...anyEvent) as fc.Arbitrary<unknown> },
        { weight: 4, arbitrary: fc.constantFrom(...invalidEvent) },
        { weight: 1, arbitrary: fc.constantFrom(...ending) as fc.Arbitrary<unknown> },
      ),
      id: fc.option(fc.constantFrom('x1', 'x2', 'x3'), { freq: 4 }),
      // Back-dated up to 40 days (the limit is 30), or up to 5 minutes ahead (the skew allowance is 1).
      atOffsetMinutes: fc.option(fc.integer({ min: -40 * 24 * 60, max: 5 }), { freq: 4 }),
    });

  // The generator must get deep into each kind of course, or the property says little.
  const deepest: Record<CourseKind, string[]> = {
    'forensic-tud': [
      'leaveEnded',
      'dischargeReady',
      'dischargedToTud',
      'dialogueHeld',
      'noShow',
      'withdrawal',
      'override',
    ],
    'admission-discharge': ['dischargeReady', 'answerReceived', 'withdrawal', 'discharged'],
    'long-term-coordinated': ['coordinatorAppointed', 'riskAssessed', 'planUpdated', 'taskDone', 'discharged'],
    'agreement-review': ['meetingHeld'],
  };

  for (const kind of [
    'forensic-tud',
    'admission-discharge',
    'long-term-coordinated',
    'agreement-review',
  ] as CourseKind[]) {
    it(`${kind}: decide returns or throws EventRejected, rejections change nothing, time never throws, advance's shortcut agrees with letting time pass in full, no obligation is lost (seed ${SEED}, ${RUNS} runs)`, () => {
      const reached = new Set<string>();
      const advanced = { asItWas: 0, inFull: 0 };
      // With nothing due `advance` returns the state as it is, uncopied: the same as letting time
      // pass in full, which it does whenever anything is due.
      const advanceChecked = (s: CourseState, at: string) => {
        const a = advance(s, at);
        if (JSON.stringify(a) !== JSON.stringify(letTimePass(s, at)))
          throw new Error(`advance to ${at} differs from letting time pass in full`);
        advanced[a.state === s ? 'asItWas' : 'inFull'] += 1;
        return a;
      };
      fc.assert(
        fc.property(
          fc.constantFrom(...profileIds),
          fc.integer({ min: 0, max: 365 * 24 * 60 }), // start somewhere in 2026: DST, holidays
          fc.array(stepArb(kind), { minLength: 1, maxLength: maxSteps[kind], size: 'max' }),
          (profile, startOffset, steps) => {
            let now = plus('2026-01-01T00:00:00.000Z', startOffset * MIN);
            let s = startCourse(startInput(kind, profile, { courseRef: REF }), now).state;
            const seen = new Set<string>();
            let next = 0;
            let misses = 0;
            const check = () => {
              for (const o of s.obligations) seen.add(o.key);
              const keys = [...s.obligations.map((o) => o.key), ...s.closed.map((c) => c.key)];
              const present = new Set(keys);
              if (present.size !== keys.length)
                throw new Error(`an obligation key is both open and closed, or twice: ${keys.join()}`);
              for (const k of seen) if (!present.has(k)) throw new Error(`obligation ${k} was lost`);
            };
            check();
            for (const step of steps) {
              now = plus(now, step.gapMinutes * MIN);
              const a = advanceChecked(s, now);
              s = a.state;
              check();
              const wake = nextWakeUp(s);
              // Everything due by now has been handled: the next wake-up lies ahead.
              if (wake !== undefined && wake <= now) throw new Error(`nextWakeUp ${wake} is not after ${now}`);
              // At the wake-up itself something falls due (and a millisecond before, nothing).
              if (wake !== undefined) {
                if (advanceChecked(s, wake).state === s) throw new Error(`nothing fell due at nextWakeUp ${wake}`);
                if (advanceChecked(s, plus(wake, -1)).state !== s)
                  throw new Error(`a change before nextWakeUp ${wake}`);
              }

              const onPath = step.event === NEXT;
              let event = onPath ? happyPath[kind][next % happyPath[kind].length] : step.event;
              if (!onPath && event && typeof event === 'object' && !Array.isArray(event)) {
                event = {
                  ...event,
                  ...(step.id ? { id: step.id } : {}),
                  ...(step.atOffsetMinutes !== null ? { at: plus(now, step.atOffsetMinutes * MIN) } : {}),
                };
              }
              const before = JSON.stringify(s);
              let result: Decision | undefined;
              try {
                result = decide(s, event, now);
              } catch (err) {
                if (!(err instanceof EventRejected)) throw err;
              }
              if (JSON.stringify(s) !== before)
                throw new Error(`decide changed its input state (event ${JSON.stringify(event)})`);
              // The path moves on when its event is taken, or when random events keep it from being taken.
              if (onPath && (result || ++misses >= 3)) {
                next += 1;
                misses = 0;
              }
              if (result) {
                s = result.state;
                expect(s.events.at(-1)).toBe(result.event);
              }
              check();
            }
            // A second advance to the same instant sends nothing twice.
            const once = advance(s, now);
            if (advance(once.state, now).effects.length > 0)
              throw new Error('advance twice to the same instant sent reminders twice');
            nextWakeUp(once.state);
            // Two years on, whatever is still open has fallen due.
            advanceChecked(s, plus(now, 2 * 366 * 24 * 60 * MIN));
            courseView(once.state, now);
            for (const g of gates) gateMissing(once.state, g);
            for (const e of s.events) reached.add(e.kind);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      expect(deepest[kind].filter((k) => !reached.has(k))).toEqual([]);
      // Both ways through `advance` were taken.
      expect(advanced.asItWas).toBeGreaterThan(0);
      expect(advanced.inFull).toBeGreaterThan(0);
    });
  }
});
