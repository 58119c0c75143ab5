export * from './referral-deps';
export * from './telephony-setup';
export * from './referral-events';
export * from './route-case';
export * from './send-notice';
export * from './answer-offer';
export * from './sla/index';
