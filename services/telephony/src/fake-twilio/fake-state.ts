/** In-memory state of one fake Twilio: records, injected failures, delivered webhooks. */
import type { FakeCall, FakeMessage } from './fake-records';
import { WebhookDelivery } from './webhook-delivery';

export type InjectedFailureKind = '429' | '500';

export interface InjectedFailures {
  kind: InjectedFailureKind;
  remaining: number;
  retryAfterSeconds: number;
}

export class FakeTwilioState {
  readonly messages = new Map<string, FakeMessage>();
  readonly calls = new Map<string, FakeCall>();
  readonly delivery: WebhookDelivery;
  failures: InjectedFailures | null = null;

  constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {
    this.delivery = new WebhookDelivery(authToken);
  }

  /** Consumes one injected failure, if any is pending. */
  takeFailure(): InjectedFailures | null {
    if (!this.failures || this.failures.remaining <= 0) return null;
    this.failures.remaining -= 1;
    const taken = { ...this.failures };
    if (this.failures.remaining === 0) this.failures = null;
    return taken;
  }

  reset(): void {
    this.messages.clear();
    this.calls.clear();
    this.failures = null;
    this.delivery.clear();
  }
}
