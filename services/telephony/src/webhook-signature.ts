/**
 * Verifies that a webhook really comes from Twilio: the X-Twilio-Signature
 * header must match the HMAC of the public URL Twilio called plus the form
 * fields. Anything else is answered 403 and goes no further.
 */
import express, { type RequestHandler } from 'express';
import twilio from 'twilio';

export const TWILIO_SIGNATURE_HEADER = 'X-Twilio-Signature';

export interface TwilioSignatureOptions {
  authToken: string;
  /** The base URL Twilio is given for our webhooks, e.g. https://hotline.example.vn (proxies change host and scheme). */
  publicBaseUrl: string;
}

/** The signature over `url` and `params`, as Twilio computes it. For tests and the fake Twilio. */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string | string[]>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Needs the form body parsed first: use `twilioWebhookParsers` or put `express.urlencoded` before it. */
export function twilioSignatureMiddleware(options: TwilioSignatureOptions): RequestHandler {
  if (!options.authToken) throw new Error('twilioSignatureMiddleware needs an authToken');
  const base = new URL(options.publicBaseUrl).toString().replace(/\/+$/, '');
  return (req, res, next) => {
    const signature = req.get(TWILIO_SIGNATURE_HEADER);
    const params: Record<string, unknown> = req.body && typeof req.body === 'object' ? req.body : {};
    const url = base + req.originalUrl;
    if (!signature || !twilio.validateRequest(options.authToken, signature, url, params)) {
      res.status(403).json({ error: { code: 'invalid_signature', message: 'Missing or invalid Twilio signature' } });
      return;
    }
    next();
  };
}

/** Form parsing then signature check, ready to put in front of any Twilio webhook route. */
export function twilioWebhookParsers(options: TwilioSignatureOptions): RequestHandler[] {
  return [express.urlencoded({ extended: false, limit: '64kb' }), twilioSignatureMiddleware(options)];
}
