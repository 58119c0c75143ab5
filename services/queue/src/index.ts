export * from './queue-names';
export * from './job-payloads';
export * from './redis-connections';
export * from './producers';
export * from './realtime';
export * from './queue-summary-notifier';
export * from './ensure-job';
