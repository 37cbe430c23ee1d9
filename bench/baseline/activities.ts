// The baseline's one activity: a plain e-mail over the same SMTP sender the reminders use.
import { smtpSender } from '../../activities/email/smtp';
import type { Config } from '../../config';

export function createBaselineActivities(config: Config) {
  const send = smtpSender(config);
  return {
    async deliver(businessKey: string): Promise<void> {
      await send({
        to: 'ward@hospital.test',
        subject: 'Deadline reached',
        text: 'A deadline is due.',
        html: '<p>A deadline is due.</p>',
        businessKey,
      });
    },
  };
}
export type BaselineActivities = ReturnType<typeof createBaselineActivities>;
