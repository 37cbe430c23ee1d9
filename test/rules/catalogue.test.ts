// The rule catalogue and the agreement profiles against domain.md (the copy in docs/spec), and a
// check that every rule id has its describe block in the files of this folder.
import * as fs from 'fs';
import * as path from 'path';
import {
  catalogue,
  loadProfile,
  parseProfile,
  profileIds,
  rule,
  ruleIds,
  rulesOf,
  shippedProfiles,
  type CourseKind,
} from '../../domain';

describe('catalogue and profiles', () => {
  // The copy in docs/spec, so a clone anywhere can check it.
  const spec = fs.readFileSync(path.resolve(__dirname, '../../docs/spec/domain.md'), 'utf8');
  /** The ids of the table rows `| ID |` in domain.md §4, and the new ids §9 lists ("New rule ids: … (N in all)"). */
  const specIds = (): string[] => {
    const tables = [...spec.matchAll(/^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|/gm)].map((m) => m[1]!);
    const revision2 = /New rule ids: ([^(]*)\(/.exec(spec)![1]!;
    return [...tables, ...[...revision2.matchAll(/`([A-Z][A-Z0-9-]+)`/g)].map((m) => m[1]!)];
  };

  it('has exactly the 47 rule ids of domain.md §4 and §9, each once', () => {
    expect(/\((\d+) in all\)/.exec(spec)![1]).toBe('47');
    expect(specIds()).toHaveLength(47);
    expect(new Set(specIds()).size).toBe(47);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect([...ruleIds].sort()).toEqual([...specIds()].sort());
  });

  it('the rules §9.1 names come from the agreements it names; a profile has the others only as local defaults', () => {
    for (const id of ['ADM-STATUS', 'ADM-DEATH', 'DIS-LEAVE']) expect(Object.keys(rule(id).sources)).toEqual(['hnt']);
    expect(Object.keys(rule('DIS-WITHDRAW').sources)).toEqual(['unn']);
    const has = (profile: string, kind: CourseKind, id: string) =>
      rulesOf({ revision: 2, kind, profile }).some((r) => r.id === id);
    expect(['ahus', 'hnt', 'unn'].filter((p) => has(p, 'admission-discharge', 'ADM-STATUS'))).toEqual(['hnt']);
    expect(['ahus', 'hnt', 'unn'].filter((p) => has(p, 'admission-discharge', 'DIS-DAY0'))).toEqual(['hnt']);
    // DIS-WITHDRAW: UNN's own, and a local default of Ahus and HNT.
    expect(['ahus', 'hnt', 'unn'].filter((p) => has(p, 'admission-discharge', 'DIS-WITHDRAW'))).toEqual([
      'ahus',
      'hnt',
      'unn',
    ]);
    expect(loadProfile('hnt').localDefaults).toContain('DIS-WITHDRAW');
    expect(loadProfile('unn').localDefaults).not.toContain('DIS-WITHDRAW');
  });

  it('this file has one describe block per rule id', () => {
    // Every test file in this folder (test/rules/), split by rule family: each id once, none missing.
    const titles = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('.test.ts'))
      .flatMap((f) =>
        [...fs.readFileSync(path.join(__dirname, f), 'utf8').matchAll(/^describe\('([A-Z][A-Z0-9-]+)'/gm)].map(
          (m) => m[1],
        ),
      );
    expect(titles.sort()).toEqual(specIds().sort());
  });

  it('every rule names who acts (except the measure and the all-party alert), a source and closing text', () => {
    for (const r of catalogue) {
      expect(Object.keys(r.sources).length).toBeGreaterThan(0);
      if (!['DIS-WAITING', 'TUD-BREACH', 'TUD-MEDICATION'].includes(r.id)) expect(r.who.length).toBeGreaterThan(0);
    }
  });

  it('each shipped profile validates', () => {
    expect(profileIds).toEqual(expect.arrayContaining(['ahus', 'hnt', 'unn']));
    for (const id of profileIds) {
      expect(() => parseProfile(shippedProfiles[id], id)).not.toThrow();
      expect(loadProfile(id).timeZone).toBe('Europe/Oslo');
    }
    expect(loadProfile('hnt').noticeWindow).toMatchObject({ start: '08:00', end: '15:00' });
    expect(loadProfile('unn').noticeWindow).toMatchObject({ start: '08:00', end: '14:00' });
  });

  it('a broken profile fails with a message naming the field', () => {
    const hnt = shippedProfiles.hnt as Record<string, unknown>;
    const window = (start: string, end: string) => ({ start, end, basis: 'agreement', source: 'vedlegg §3.1a' });
    expect(() => parseProfile({ ...hnt, noticeWindow: window('8am', '15:00') }, "profile 'broken'")).toThrow(
      /Agreement profile 'broken' is invalid: noticeWindow\.start: must be HH:mm/,
    );
    expect(() => parseProfile({ ...hnt, noticeWindow: window('15:00', '08:00') })).toThrow(
      /noticeWindow: start must be before end/,
    );
    // Every window says whether it is the agreement's or a default (domain §9.3).
    expect(() => parseProfile({ ...hnt, noticeWindow: { start: '08:00', end: '15:00' } })).toThrow(
      /noticeWindow\.basis/,
    );
    expect(() => parseProfile({ ...hnt, localDefaults: ['ADM-STATUS'] })).toThrow(
      /localDefaults: 'ADM-STATUS' is in the agreement already/,
    );
    expect(() => parseProfile({ ...hnt, localDefaults: ['ADM-NOPE'] })).toThrow(
      /localDefaults: 'ADM-NOPE' is not a rule id of the catalogue/,
    );
    const deadlines = hnt.deadlines as Record<string, unknown>;
    expect(() =>
      parseProfile({
        ...hnt,
        deadlines: { ...deadlines, admissionReport: { duration: { hours: 4 }, basis: 'agreement' } },
      }),
    ).toThrow(/deadlines\.admissionReport: an agreement deadline needs its source/);
    expect(() => parseProfile({ ...hnt, reminders: { 'ADM-NOPE': { headsUp: { hours: 1 } } } })).toThrow(
      /reminders: names a rule id that is not in the catalogue/,
    );
    expect(() => parseProfile({ ...hnt, timeZone: 'Europe/London' })).toThrow(/timeZone/);
  });
});
