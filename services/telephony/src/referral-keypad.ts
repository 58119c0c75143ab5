/** What a key pressed during the referral offer call means. */
export type OfferKeypadChoice = 'accept' | 'decline' | 'repeat' | 'invalid';

export const OFFER_KEYS = { accept: '1', decline: '2', repeat: '9' } as const;

export function readOfferDigits(digits: string | undefined): OfferKeypadChoice {
  switch ((digits ?? '').trim()) {
    case OFFER_KEYS.accept:
      return 'accept';
    case OFFER_KEYS.decline:
      return 'decline';
    case OFFER_KEYS.repeat:
      return 'repeat';
    default:
      return 'invalid';
  }
}
