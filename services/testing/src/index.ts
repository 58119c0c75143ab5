export * from './test-run';
export * from './http-client';
export * from './wait-for';
export * from './worker-process';
export * from './test-stack';
export * from './console-socket';
