/** SLA rules: policies, business calendar, deadline plans, quiet hours, escalation and countdowns. Pure; no I/O. */
export * from './vietnam-time';
export * from './policy-schema';
export * from './default-policies';
export * from './vietnam-holidays';
export * from './business-calendar';
export * from './deadline-plan';
export * from './quiet-hours';
export * from './escalation';
export * from './countdown';
export * from './reminder-sms';
export * from './reunification-plan';
