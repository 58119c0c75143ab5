/** The OpenAPI 3.1 document, generated from the route registry's zod schemas. */
import { z } from 'zod';
import { ZErrorEnvelope } from '@hotline/core';
import type { RouteRegistry } from './route-registry';

const json = (schema: z.ZodType, io: 'input' | 'output') => ({
  'application/json': { schema: z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) },
});

function queryParameters(schema: z.ZodType | undefined, location: 'query' | 'path') {
  if (!schema) return [];
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}

export function buildOpenApi(registry: RouteRegistry, version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of registry.specs) {
    const path = spec.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(spec.responses)) {
      responses[status] = { description: Number(status) < 300 ? 'OK' : 'Error', content: json(schema, 'output') };
    }
    responses.default = { description: 'Error envelope', content: json(ZErrorEnvelope, 'output') };
    paths[path] = {
      ...(paths[path] ?? {}),
      [spec.method]: {
        summary: spec.summary,
        tags: [spec.tag],
        'x-access': spec.access,
        ...(spec.access === 'public' ? { security: [] } : {}),
        parameters: [...queryParameters(spec.params, 'path'), ...queryParameters(spec.query, 'query')],
        ...(spec.body ? { requestBody: { required: true, content: json(spec.body, 'input') } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Hotline and case-referral API', version },
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hotline_session' } } },
    security: [{ session: [] }],
    paths,
  };
}
