// The rule catalogue and the agreement profiles against domain.md (the copy in docs/spec), and a
// check that every rule id has its describe block in the files of this folder.
import * as fs from 'fs';
import * as path from 'path';
import { catalogue, loadProfile, parseProfile, profileIds, ruleIds, shippedProfiles } from '../../domain';

describe('catalogue and profiles', () => {
  /** The rule ids of the table rows `| ID |` in domain.md §4 (the copy in docs/spec, so a clone anywhere can check them). */
  const specIds = (): string[] => {
    const spec = fs.readFileSync(path.resolve(__dirname, '../../docs/spec/domain.md'), 'utf8');
    return [...spec.matchAll(/^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|/gm)].map((m) => m[1]!);
  };

  it('has exactly the 42 rule ids of domain.md §4, each once', () => {
    expect(specIds()).toHaveLength(42);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect([...ruleIds].sort()).toEqual([...specIds()].sort());
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
    expect(() => parseProfile({ ...hnt, noticeWindow: { start: '8am', end: '15:00' } }, "profile 'broken'")).toThrow(
      /Agreement profile 'broken' is invalid: noticeWindow\.start: must be HH:mm/,
    );
    expect(() => parseProfile({ ...hnt, noticeWindow: { start: '15:00', end: '08:00' } })).toThrow(
      /noticeWindow: start must be before end/,
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
