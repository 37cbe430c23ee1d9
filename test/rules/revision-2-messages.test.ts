// Revision 2 of the rules (docs/spec/domain.md §9), item by item: each test names its item, quotes
// the agreement's sentence and asserts exact instants. Instants are worked out in Oslo time
// (CET = UTC+1, CEST = UTC+2 from Sun 29 March 2026; Easter 2026: Maundy Thursday 2 April, Easter
// Monday 6 April).
// This file: the sources, the discharge-ready notice and the admission messages (§9.1–§9.3, §9.8,
// §9.11); the rest of §9 is in revision-2-courses.test.ts.
import { catalogue, loadProfile, rulesOf, type CourseKind } from '../../domain';
import { rulesTable } from '../../client/rules-table';
import { renderReminder } from '../../activities/email/render';
import { detailsTable } from '../../workflows/visibility';
import { courseView } from '../../domain';
import { Course, HOUR, REF, runUntil, firedFor } from '../helpers/engine';
import { notice } from '../helpers/revision-2';

describe('§9.1 every rule says which agreements it comes from', () => {
  it('«innenfor de frister som gjelder»: Ahus has no HNT-only duty, and its own admission deadlines are local defaults', () => {
    const ids = (profile: string, kind: CourseKind = 'admission-discharge') =>
      rulesOf({ kind, profile, revision: 2 }).map((r) => r.id);
    expect(ids('ahus')).not.toContain('ADM-STATUS');
    expect(ids('ahus')).not.toContain('DIS-DAY0');
    expect(ids('unn')).not.toContain('DIS-DAY0');
    expect(ids('hnt')).toEqual(expect.arrayContaining(['ADM-STATUS', 'ADM-DEATH', 'DIS-LEAVE', 'DIS-DAY0']));
    expect(ids('unn')).toContain('DIS-WITHDRAW');
    const ahus = rulesTable(loadProfile('ahus'));
    expect(ahus.find((r) => r.id === 'ADM-DEATH')).toMatchObject({
      basis: 'local default',
      source: 'Local default (not in the agreement)',
    });
    expect(ahus.find((r) => r.id === 'ADM-NOTICE')).toMatchObject({
      basis: 'agreement',
      source: 'Ahus prosedyre, dom til TPH §3.2.1',
    });
    expect(ahus.map((r) => r.id)).not.toContain('ADM-STATUS');
  });
});

describe('§9.2 reception after the discharge-ready notice', () => {
  it('HNT «Kommunene skal normalt ta imot pasienter samme dag (dag 0)»: day 0 ends at midnight; an answer naming a later day replaces it', () => {
    // Wed 4 March 2026 10:00 CET, inside 08–15: day 0 ends Thu 5 March 00:00 CET.
    const c = notice('hnt', '2026-03-04T09:00:00.000Z');
    expect(c.due('DIS-DAY0')).toEqual(['2026-03-04T23:00:00.000Z']);
    c.at('2026-03-04T10:00:00.000Z').rec({ kind: 'answerReceived', receiveOn: '2026-03-06' });
    expect(c.open('DIS-DAY0')).toEqual([]);
    expect(c.closed('DIS-DAY0').map((x) => x.outcome)).toEqual(['cancelled']);
    // «eventuelt når de kan ta imot pasienten»: by the end of Fri 6 March, Oslo time.
    expect(c.due('DIS-RECEIVE')).toEqual(['2026-03-06T23:00:00.000Z']);
  });

  it('HNT: an answer without a later day leaves day 0 in force, and no DIS-RECEIVE', () => {
    const c = notice('hnt', '2026-03-04T09:00:00.000Z');
    c.at('2026-03-04T10:00:00.000Z').rec({ kind: 'answerReceived', receiveOn: '2026-03-04' });
    expect(c.due('DIS-DAY0')).toEqual(['2026-03-04T23:00:00.000Z']);
    expect(c.open('DIS-RECEIVE')).toEqual([]);
  });

  it('UNN «så snart som mulig»: a notice at 14:30 has no same-day duty; DIS-RECEIVE follows the answer, or the default', () => {
    // Wed 4 March 14:30 CET, after UNN's 08–14: counted from Thu 08:00, answer by Thu 15:00 CET.
    const c = notice('unn', '2026-03-04T13:30:00.000Z');
    expect(c.open('DIS-DAY0')).toEqual([]);
    expect(c.due('DIS-ANSWER')).toEqual(['2026-03-05T14:00:00.000Z']);
    c.at('2026-03-05T09:00:00.000Z').rec({ kind: 'answerReceived', receiveOn: '2026-03-09' });
    expect(c.due('DIS-RECEIVE')).toEqual(['2026-03-09T23:00:00.000Z']);
    // Without a day: the profile's labelled default, two days after the answer.
    const d = notice('unn', '2026-03-04T13:30:00.000Z');
    d.at('2026-03-05T09:00:00.000Z').rec({ kind: 'answerReceived' });
    expect(d.due('DIS-RECEIVE')).toEqual(['2026-03-07T09:00:00.000Z']);
    expect(loadProfile('unn').deadlines.receptionWithoutDate.basis).toBe('default');
  });

  it('no UNN or Ahus course ever gets a day-0 reminder', () => {
    for (const profile of ['unn', 'ahus']) {
      const c = notice(profile, '2026-03-04T09:00:00.000Z');
      const { fired } = runUntil(c.s, '2026-03-20T00:00:00.000Z');
      expect(firedFor(fired, 'DIS-DAY0')).toEqual([]);
    }
  });
});

describe('§9.3 notice windows', () => {
  it('HNT «Varsling skal tilstrebes på dagtid mellom 08.00 og 15.00 (mandag – fredag)»: a holiday is outside (docs/decisions/0004)', () => {
    // Maundy Thursday 2 April 2026 10:00 CEST: accepted, counted from Tue 7 April 08:00 CEST.
    const c = notice('hnt', '2026-04-02T08:00:00.000Z');
    expect(c.open('DIS-READY')).toEqual([]);
    expect(c.s.waiting).toEqual([{ from: '2026-04-07T06:00:00.000Z' }]);
    expect(c.due('DIS-DAY0')).toEqual(['2026-04-07T22:00:00.000Z']);
  });

  it('UNN «fortrinnsvis mellom kl. 8-14 på virkedag»: soft; a notice outside is accepted and waiting counts from it', () => {
    const c = notice('unn', '2026-03-04T13:30:00.000Z');
    expect(c.closed('DIS-READY').map((x) => x.outcome)).toEqual(['done']);
    // Outside HNT, waiting counts from the notice itself (domain §9.9).
    expect(c.s.waiting).toEqual([{ from: '2026-03-04T13:30:00.000Z' }]);
  });
});

describe('§9.8 admission messages', () => {
  it('HNT «Informasjon skal gis innen 24 timer etter innleggelsen»; deferred assessment: the "as soon as possible" default', () => {
    // Admitted Mon 2 March 2026 09:00 CET.
    const c = Course.start('admission-discharge', 'hnt', '2026-03-02T08:00:00.000Z');
    expect(c.due('ADM-STATUS')).toEqual(['2026-03-03T08:00:00.000Z']);
    c.at('2026-03-02T15:00:00.000Z').rec({ kind: 'assessmentDeferred' });
    // The profile default statusDeferred, 72 h from the admission.
    expect(c.due('ADM-STATUS')).toEqual(['2026-03-05T08:00:00.000Z']);
  });

  it('HNT: one health-information message meets ADM-HEALTHINFO and ADM-STATUS, not two reminders', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-03-02T08:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, needsMunicipalServices: true },
    });
    expect(c.open('ADM-HEALTHINFO')).toHaveLength(1);
    expect(c.open('ADM-STATUS')).toEqual([]);
    c.wait(HOUR).rec({ kind: 'servicesNeedFound' });
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'healthInformation' });
    expect(c.open('ADM-HEALTHINFO')).toEqual([]);
  });

  it('HNT «Ved behov for supplerende opplysninger sendes disse senest innen 24 timer etter innleggelsen»', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-03-02T08:00:00.000Z');
    c.at('2026-03-02T18:00:00.000Z').rec({ kind: 'supplementNeeded' });
    expect(c.due('ADM-REPORT-SUPP')).toEqual(['2026-03-03T08:00:00.000Z']);
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'supplementaryInformation' });
    expect(c.closed('ADM-REPORT-SUPP').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('§9.11 sources as staff read them', () => {
  const links = { temporalUiUrl: 'http://localhost:8233', namespace: 'default' };
  /** Every text a person reads: each rule's reminder under each profile, the rules table, the UI details. */
  function renderedTexts(): string[] {
    const texts: string[] = [];
    for (const profile of ['ahus', 'hnt', 'unn']) {
      for (const r of catalogue) {
        const email = renderReminder(
          { businessKey: 'k', courseRef: REF, rule: r.id, kind: 'due', role: 'ward', recipient: 'w@x.test', profile },
          links,
        );
        texts.push(email.subject, email.text, email.html);
      }
      texts.push(JSON.stringify(rulesTable(loadProfile(profile))));
      const c = notice(profile, '2026-03-04T09:00:00.000Z');
      texts.push(detailsTable(courseView(c.s, c.now)));
    }
    return texts;
  }

  it("no seed file number and no other region's agreement in any rendered text", () => {
    for (const text of renderedTexts()) expect(text).not.toMatch(/\b00[0-4]\b/);
    const ahus = renderReminder(
      {
        businessKey: 'k',
        courseRef: REF,
        rule: 'ADM-NOTICE',
        kind: 'due',
        role: 'ward',
        recipient: 'w@x.test',
        profile: 'ahus',
      },
      links,
    );
    expect(ahus.text).toContain('Ahus prosedyre, dom til TPH §3.2.1');
    expect(ahus.text).not.toMatch(/UNN|HNT/);
    const hnt = renderReminder(
      {
        businessKey: 'k',
        courseRef: REF,
        rule: 'ADM-STATUS',
        kind: 'due',
        role: 'ward',
        recipient: 'w@x.test',
        profile: 'hnt',
      },
      links,
    );
    expect(hnt.text).toContain('HNT retningslinje 1 vedlegg §1.2k');
  });
});
