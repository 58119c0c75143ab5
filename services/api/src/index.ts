export { createApi, type Api, type ApiOptions } from './app';
export { createLogger } from '@hotline/observability';
export type { ApiDeps } from './services/deps';
export { RouteRegistry } from './http/route-registry';
