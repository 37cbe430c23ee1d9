// Labels that cannot carry a person (domain §7): municipality and hospital unit from the profile's
// lists (domain/labels/<profile>.json), course references in the configured pattern, and no
// national identity number or D-number in any free field (domain/edge.ts, domain/identity.ts).
// Every refusal names the field and never repeats the refused value.
import { loadConfig } from '../config';
import { demoCourses } from '../client/demo';
import { columnOf, rowToStart } from '../client/import';
import { newEventId } from '../client/courses';
import {
  containsIdentityNumber,
  defaultCourseRefPattern,
  EventRejected,
  InputRejected,
  labelListOf,
  profileIds,
  validateEvent,
  validateStart,
} from '../domain';
import { careTeam, dNumberLike, identityNumber, identityNumberLike, startInput } from './helpers/fixtures';

/** The message of what `fn` throws, checked not to contain `value`. */
function refusal(fn: () => unknown, value: string): string {
  let message = '';
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EventRejected);
    message = (err as Error).message;
  }
  expect(message).not.toBe('');
  expect(message).not.toContain(value);
  return message;
}

describe('identity numbers, found by their checksums', () => {
  const fnr = identityNumberLike;
  it.each([
    ['a national identity number', fnr],
    ['a D-number', dNumberLike],
    ['a space after the birth date', `${fnr.slice(0, 6)} ${fnr.slice(6)}`],
    ['a dot after the birth date', `${fnr.slice(0, 6)}.${fnr.slice(6)}`],
    ['inside longer text', `Samtale med pasient (${fnr}) om permisjon`],
    ['inside a longer run of digits', `99${fnr}1`],
    ['in a reference', `pas-${dNumberLike}`],
  ])('%s is found', (_, text) => expect(containsIdentityNumber(text)).toBe(true));

  it.each([
    ['eleven digits whose check digits do not match', `${fnr.slice(0, 9)}${(Number(fnr[9]) + 1) % 10}${fnr[10]}`],
    ['a course reference', 'ahus-2026-000123'],
    ['a phone number', '+47 22 33 44 55'],
    ['a date and time', '2026-05-19T10:00:00+02:00'],
    ['an impossible birth date', identityNumber('320170', '124')],
    ['plain text', 'Court-ordered trial leave'],
  ])('%s is not', (_, text) => expect(containsIdentityNumber(text)).toBe(false));

  it('a new event id is drawn again when its digits pass as one, which the validator would refuse', () => {
    const unlucky = `00000000-0000-4000-8000-${fnr}0`;
    const lucky = '00000000-0000-4000-8000-abcdefabcdef';
    expect(() => validateEvent({ kind: 'riskAssessed', id: unlucky })).toThrow(
      /id: looks like a national identity number/,
    );
    const draws = [unlucky, lucky];
    expect(newEventId(() => draws.shift()!)).toBe(lucky);
    expect(draws).toEqual([]);
    expect(() => validateEvent({ kind: 'riskAssessed', id: newEventId() })).not.toThrow();
  });
});

describe('label lists', () => {
  it('every agreement profile has a list of municipalities and hospital units', () => {
    for (const id of profileIds) {
      const lists = labelListOf(id);
      expect(lists?.profile).toBe(id);
      expect(lists!.municipalities.length).toBeGreaterThan(0);
      expect(lists!.hospitalUnits.length).toBeGreaterThan(0);
    }
  });

  it('the demo courses start as they are: listed labels, references in the default pattern', () => {
    for (const course of demoCourses()) expect(validateStart(course).courseRef).toBe(course.courseRef);
  });

  it('a municipality or unit outside the profile lists is refused, naming the field, the profile and the file', () => {
    // Asker is a real municipality, but not in the Ahus agreement's catchment.
    const ahus = startInput('forensic-tud', 'ahus', { labels: { municipality: 'Asker' } });
    expect(refusal(() => validateStart(ahus), 'Asker')).toBe(
      'Invalid course start: labels.municipality: not a municipality of the ahus agreement (see domain/labels/ahus.json)',
    );
    // Tromsø is in UNN's list, not HNT's: the lists are per agreement.
    const hnt = startInput('admission-discharge', 'hnt', { labels: { municipality: 'Tromsø', hospitalUnit: 'Kari' } });
    const message = refusal(() => validateStart(hnt), 'Kari');
    expect(message).toContain(
      'labels.municipality: not a municipality of the hnt agreement (see domain/labels/hnt.json)',
    );
    expect(message).toContain(
      'labels.hospitalUnit: not a hospital unit of the hnt agreement (see domain/labels/hnt.json)',
    );
    expect(message).not.toContain('Tromsø');
    expect(
      validateStart(startInput('admission-discharge', 'unn', { labels: { municipality: 'Tromsø' } })).labels,
    ).toEqual({ municipality: 'Tromsø' });
  });

  it('a name typed as a label is refused without being repeated', () => {
    const input = startInput('forensic-tud', 'ahus', { labels: { hospitalUnit: 'Kari Nordmann' } });
    expect(refusal(() => validateStart(input), 'Kari Nordmann')).toMatch(
      /^Invalid course start: labels\.hospitalUnit: /,
    );
  });
});

describe('course references', () => {
  it('follow the default pattern: a region prefix, a year and a number', () => {
    const ok = (courseRef: string) => validateStart(startInput('forensic-tud', 'ahus', { courseRef })).courseRef;
    expect(ok('ahus-2026-000123')).toBe('ahus-2026-000123');
    expect(ok('unn-2027-123')).toBe('unn-2027-123');
    for (const courseRef of ['kari-nordmann', 'ahus-26-000123', 'ahus-2026-12', 'ahus-2026-0001234', 'agreement-ahus'])
      expect(refusal(() => validateStart(startInput('forensic-tud', 'ahus', { courseRef })), courseRef)).toMatch(
        /^Invalid course start: courseRef: must follow the course reference pattern /,
      );
  });

  it('follow the configured pattern instead when one is set', () => {
    const courseRef = 'pas-000123';
    const input = startInput('forensic-tud', 'ahus', { courseRef });
    expect(validateStart(input, { courseRefPattern: '^pas-\\d{6}$' }).courseRef).toBe(courseRef);
    expect(refusal(() => validateStart(input), courseRef)).toMatch(/courseRef: must follow/);
  });

  it('an identity number in the reference is refused without being repeated, whatever the pattern', () => {
    const input = startInput('forensic-tud', 'ahus', { courseRef: `ahus-${identityNumberLike}` });
    expect(refusal(() => validateStart(input, { courseRefPattern: '^[a-z0-9-]+$' }), identityNumberLike)).toBe(
      'Invalid course start: courseRef: looks like a national identity number; use an opaque reference, never the patient',
    );
  });

  it('COURSE_REF_PATTERN defaults to the region-year-number pattern, and must compile and be anchored', () => {
    expect(loadConfig({}).COURSE_REF_PATTERN).toBe(defaultCourseRefPattern);
    expect(loadConfig({ COURSE_REF_PATTERN: '^[a-z]+-\\d+$' }).COURSE_REF_PATTERN).toBe('^[a-z]+-\\d+$');
    expect(() => loadConfig({ COURSE_REF_PATTERN: '[a-z]+' })).toThrow(/COURSE_REF_PATTERN: must be anchored/);
    expect(() => loadConfig({ COURSE_REF_PATTERN: '^([a-z]$' })).toThrow(
      /COURSE_REF_PATTERN: must be a valid regular expression/,
    );
  });
});

describe('no identity number in any free field', () => {
  const fnr = identityNumberLike;
  it.each([
    ['labels.hospitalUnit', { labels: { hospitalUnit: `Pasient ${fnr}` } }],
    ['labels.municipality', { labels: { municipality: dNumberLike } }],
    ['careTeam.ward.mailbox', { careTeam: { ...careTeam, ward: { mailbox: `${fnr}@hospital.test` } } }],
    ['careTeam.caseOffice.manager', { careTeam: { ...careTeam, caseOffice: { mailbox: 'a@b.test', manager: fnr } } }],
    ['firstEvent.by', { firstEvent: { kind: 'admission', hasMunicipalServices: true, by: fnr } }],
  ])('at the start: %s', (field, overrides) => {
    const message = refusal(() => validateStart(startInput('forensic-tud', 'ahus', overrides)), fnr);
    expect(message.replace(dNumberLike, '')).toBe(message);
    expect(message).toBe(
      `Invalid course start: ${field}: looks like a national identity number; use an opaque reference, never the patient`,
    );
  });

  it.each([
    ['by', { kind: 'dischargeProcessStarted', by: fnr }],
    ['reason', { kind: 'override', gate: 'firstLeave', reason: `Avtalt med ${fnr.slice(0, 6)} ${fnr.slice(6)}` }],
    ['id', { kind: 'dialogueHeld', id: `msg-${fnr}` }],
    ['rule', { kind: 'taskDone', rule: fnr }],
    [
      'careTeam.gp.mailbox',
      { kind: 'careTeamChanged', careTeam: { ...careTeam, gp: { mailbox: `${dNumberLike}@x.test` } } },
    ],
  ])('in an event: %s', (field, event) => {
    const message = refusal(() => validateEvent(event), fnr);
    expect(message).not.toContain(dNumberLike);
    expect(message).toMatch(
      new RegExp(`^Invalid event: ${field.replace(/\./g, '\\.')}: looks like a national identity number`),
    );
  });

  it('events without one pass to the engine', () => {
    expect(() =>
      validateEvent({ kind: 'override', gate: 'firstLeave', reason: 'Court-ordered trial leave', by: 'chief-1' }),
    ).not.toThrow();
  });

  it('the refusal lists each field, for the import to name its columns', () => {
    const input = startInput('forensic-tud', 'ahus', { labels: { municipality: 'Oslo' }, courseRef: fnr });
    try {
      validateStart(input);
      throw new Error('not refused');
    } catch (err) {
      expect(err).toBeInstanceOf(InputRejected);
      expect((err as InputRejected).issues.map((i) => i.field)).toEqual(['courseRef']);
    }
  });
});

describe('CSV columns', () => {
  it('name the column each start input field comes from', () => {
    expect(
      [
        'courseRef',
        'labels.municipality',
        'labels.hospitalUnit',
        'careTeam.ward.mailbox',
        'careTeam.ward.manager',
        'firstEvent.at',
        'profile',
      ].map(columnOf),
    ).toEqual(['ref', 'municipality', 'hospitalUnit', 'ward', 'ward.manager', 'at', 'profile']);
  });

  it('a row with a municipality outside the list is refused by the same check as the CLI', () => {
    const row = {
      ref: 'hnt-2026-000001',
      kind: 'admission-discharge',
      profile: 'hnt',
      municipality: 'Bergen',
      ward: 'w@h.test',
      caseOffice: 'c@m.test',
    };
    expect(refusal(() => validateStart(rowToStart(row)), 'Bergen')).toMatch(
      /labels\.municipality: not a municipality of the hnt agreement/,
    );
  });
});
