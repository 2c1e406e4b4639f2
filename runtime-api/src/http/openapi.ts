import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

/** Every route registers its zod schemas here, so the OpenAPI document cannot drift from the code. */
export function createRegistry(): OpenAPIRegistry {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  return registry;
}

export function openApiDocument(registry: OpenAPIRegistry) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Yijian (一件) runtime API',
      version: '0.1.0',
      description: 'Bundles, cases, department queues and tasks of the Yijian one-thing workflow engine.',
    },
    servers: [{ url: '/' }],
  });
}

/** Swagger UI without inline scripts, so the strict CSP stays on. */
export const swaggerHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Yijian API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

export const swaggerInit = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });`;

/**
 * `schema` or null. zod-to-openapi drops the null of `.nullable()` on a named (`.openapi('X')`)
 * schema, which the generated clients would then read as never null; a union keeps it.
 */
export function orNull<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.null()]);
}
