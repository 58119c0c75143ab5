export * from './deadline-steps';
export * from './deadline-sync';
export * from './deadline-notices';
export * from './deadline-timer';
export * from './deadline-reconcile';
export * from './reunification-visits';
