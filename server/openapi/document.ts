import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { securitySchemes } from './common';
import { healthPaths } from './health.paths';
import { macrosPaths } from './macros.paths';
import { integrationsPaths } from './integrations.paths';
import { mergeSatisfactionPaths } from './merge-satisfaction.paths';

/** Every route module's paths: add a module's `*.paths.ts` here. */
const pathModules: ZodOpenApiPathsObject[] = [healthPaths, integrationsPaths, macrosPaths, mergeSatisfactionPaths];

let built: ReturnType<typeof createDocument> | undefined;

/** The OpenAPI 3.1 document of the whole API, built once from the routes' own zod schemas. */
export function openApiDocument() {
  built ??= createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Guichet API',
      version: '1.0.0', // the API's own version: it changes when a published route would break
      description: 'Payment-anomaly reports for online shops: intake, agents’ work, reports and integrations.',
    },
    paths: Object.assign({}, ...pathModules),
    components: { securitySchemes: { ...securitySchemes } },
  });
  return built;
}
