// The fixed texts of a reminder e-mail, bokmål and English (domain §7): what kind of reminder it
// is, the subject's lead, why an at-once alert went out. Filled only with catalogue texts.
import type { EventKind, Reminder, Rule, Text } from '../../domain';

export const kindTitles: Record<Reminder['kind'], Text> = {
  headsUp: { nb: 'Frist nærmer seg', en: 'Deadline approaching' },
  due: { nb: 'Fristen er nå', en: 'Deadline reached' },
  escalation: { nb: 'Eskalering: fristen er passert', en: 'Escalation: the deadline has passed' },
  alert: { nb: 'Varsel som skal gis straks', en: 'Alert to act on at once' },
  deliveryFailed: { nb: 'En påminnelse kunne ikke leveres', en: 'A reminder could not be delivered' },
  adopted: { nb: 'Forsinket ved overtakelse av forløpet', en: 'Overdue when the course was adopted' },
};
export const intro: Record<Reminder['kind'], Text> = {
  headsUp: { nb: 'Denne plikten har frist snart.', en: 'This obligation falls due soon.' },
  due: {
    nb: 'Fristen for denne plikten er nådd, og den er ikke registrert som utført.',
    en: 'This obligation has reached its deadline and is not recorded as done.',
  },
  escalation: {
    nb: 'Du får denne som leder: plikten er fortsatt åpen etter fristen.',
    en: 'You receive this as manager: the obligation is still open after its deadline.',
  },
  alert: {
    nb: 'En hendelse i forløpet krever at du informeres straks.',
    en: 'An event in the course requires that you are informed at once.',
  },
  deliveryFailed: {
    nb: 'Du får denne som leder: e-postadressen for rollen avviste påminnelsen. Sørg for at den blir fulgt opp, og rett adressen med hendelsen careTeamChanged.',
    en: "You receive this as manager: the role's mailbox refused the reminder. See that it is acted on, and correct the address with a careTeamChanged event.",
  },
  // Domain §9.6: nothing is re-sent for the past; what was already late is listed once.
  adopted: {
    nb: 'Forløpet ble tatt inn i Forløpsvakt mens det pågikk. Disse pliktene var allerede forsinket; det sendes ingen eldre påminnelser for dem, men de eskaleres som vanlig herfra.',
    en: 'The course was taken into Forløpsvakt while under way. These obligations were already overdue; no older reminders are sent for them, but they escalate as usual from now on.',
  },
};

/**
 * The subject, short enough to scan in a list: what kind of reminder and its deadline, the rule's
 * title, the course reference last, e.g. "Frist tor. 26. nov kl. 12:23: Innleggelsesrapport til
 * sykehuset – ahus-2026-000123". Bokmål only, like the first half of the message.
 */
export const subjectKinds: Record<Reminder['kind'], (due: string | undefined) => string> = {
  headsUp: (due) => (due ? `Frist ${due}` : 'Frist snart'),
  due: (due) => (due ? `Frist nådd ${due}` : 'Frist nådd'),
  escalation: (due) => (due ? `Forsinket siden ${due}` : 'Forsinket'),
  alert: () => 'Varsel straks',
  deliveryFailed: (due) => (due ? `Ikke levert, frist ${due}` : 'Varsel ikke levert'),
  adopted: () => 'Forsinket ved overtakelse',
};

/**
 * Why an at-once alert went out (domain §7, §9.10). An alert has no opening instant of its own, and
 * some rules alert on another event than the one that opens them (TUD-ERM on a deterioration,
 * DIS-LEAVE-FEEDBACK on a breach of leave conditions); the texts follow the catalogue's.
 */
export const alertReasons: Partial<Record<EventKind, Text>> = {
  death: { nb: 'pasientens død er registrert i forløpet', en: 'the death of the patient is recorded in the course' },
  breach: {
    nb: 'brudd eller hendelse som kan øke voldsrisiko er registrert',
    en: 'a breach or an event that may raise the risk of violence is recorded',
  },
  medicationRefused: { nb: 'pasienten nekter medisiner', en: 'the patient refuses medication' },
  ermReported: { nb: 'ERM-skår med forverring rapportert', en: 'an ERM score with deterioration reported' },
  leaveEnded: {
    nb: 'en permisjon er avsluttet med brudd på vilkårene',
    en: 'a leave ended with a breach of its conditions',
  },
};
export const alertReason = (rl: Rule): Text => {
  const on = rl.alerts?.[0]?.on.kind;
  return (on && alertReasons[on]) ?? rl.opensOn;
};

/** «bør» in the agreement: the same reminder, but it says "should" (domain §9). */
export const shouldText: Text = {
  nb: 'Avtalen sier at dette bør gjøres (anbefaling).',
  en: 'The agreement says this should be done (a recommendation).',
};
