import { Router } from 'express';
import { openApiDocument } from '../openapi/document';

/** The API's OpenAPI 3.1 document, public: integrators read it before they hold a token. */
export function openApiRoutes(): Router {
  return Router().get('/api/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(openApiDocument());
  });
}
