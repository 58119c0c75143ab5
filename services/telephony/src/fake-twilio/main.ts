/** Runs the fake Twilio on 127.0.0.1:$FAKE_TWILIO_PORT (default 3080) for the embedded setup. */
import { z } from 'zod';
import { FAKE_ACCOUNT_SID, FAKE_AUTH_TOKEN } from '../twilio-client';
import { createFakeTwilio } from './create-fake-twilio';

const ZFakeEnv = z.object({
  FAKE_TWILIO_PORT: z.coerce.number().int().min(0).max(65535).default(3080),
  FAKE_TWILIO_HOST: z.string().min(1).default('127.0.0.1'),
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/).default(FAKE_ACCOUNT_SID),
  TWILIO_AUTH_TOKEN: z.string().min(1).default(FAKE_AUTH_TOKEN),
});

const parsed = ZFakeEnv.safeParse(process.env);
if (!parsed.success) {
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
  console.error(`fake-twilio: invalid environment:\n${lines}`);
  process.exit(1);
}
const env = parsed.data;

const fake = createFakeTwilio({ accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN });
const running = await fake.listen(env.FAKE_TWILIO_PORT, env.FAKE_TWILIO_HOST);
console.log(`fake-twilio listening on ${running.url} (account ${env.TWILIO_ACCOUNT_SID.slice(0, 6)}…)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().finally(() => process.exit(0));
  });
}
