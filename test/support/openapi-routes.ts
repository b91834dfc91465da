import type { RequestHandler } from 'express';

/*
 * The routes Express has mounted, as `METHOD /path/{param}`: read by recording, while an app is
 * built, each router's `route(path)` and `use(path, …handlers)` (the router package, under
 * Express 5), then walking from the app's router down through the routers it mounts.
 */

interface Recorded {
  routes: Array<{ path: string; route: { methods: Record<string, boolean> } }>;
  mounts: Array<{ path: string; handlers: unknown[] }>;
}

export interface MountedRoute {
  method: string;
  /** In OpenAPI's form: `/api/tickets/{id}`. */
  path: string;
}

/** `/:id` → `/{id}`; `*splat` and `{/*x}` are left as they are (none in the API). */
const toTemplate = (path: string) => path.replace(/:(\w+)/g, '{$1}');
const join = (a: string, b: string) => (`${a}/${b}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'));

/**
 * Builds the app with `build` while recording, and lists its routes. Mounted handlers that are
 * not routers (a sub-app such as the queue board, static files) are listed as `USE <path>`.
 */
export function mountedRoutes(build: () => { router: unknown } | unknown): { routes: MountedRoute[]; opaqueMounts: string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Router = require('router') as { prototype: Record<string, (...args: unknown[]) => unknown> };
  const records = new Map<unknown, Recorded>();
  const recordOf = (router: unknown) => {
    if (!records.has(router)) records.set(router, { routes: [], mounts: [] });
    return records.get(router)!;
  };
  const originalRoute = Router.prototype.route;
  const originalUse = Router.prototype.use;
  Router.prototype.route = function (this: unknown, path: unknown) {
    const route = originalRoute.call(this, path) as { methods: Record<string, boolean> };
    if (typeof path === 'string') recordOf(this).routes.push({ path, route });
    return route;
  };
  Router.prototype.use = function (this: unknown, ...args: unknown[]) {
    const path = typeof args[0] === 'string' ? (args[0] as string) : '/';
    const handlers = (typeof args[0] === 'string' ? args.slice(1) : args).flat(Infinity);
    recordOf(this).mounts.push({ path, handlers });
    return originalUse.apply(this, args);
  };
  let app: unknown;
  try {
    app = build();
  } finally {
    Router.prototype.route = originalRoute;
    Router.prototype.use = originalUse;
  }
  const routes: MountedRoute[] = [];
  const opaqueMounts = new Set<string>();
  const walk = (router: unknown, prefix: string, seen: Set<unknown>) => {
    if (seen.has(router)) return;
    seen.add(router);
    const record = records.get(router);
    if (!record) return;
    for (const { path, route } of record.routes) {
      for (const [method, on] of Object.entries(route.methods)) {
        if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: toTemplate(join(prefix, path)) });
      }
    }
    for (const { path, handlers } of record.mounts) {
      for (const handler of handlers) {
        if (records.has(handler)) walk(handler, join(prefix, path), seen);
        // A sub-app (mounted through Express's wrapper) or a handler with a body of routes of its own.
        else if (path !== '/' && isSubApp(handler)) opaqueMounts.add(join(prefix, path));
      }
    }
  };
  walk((app as { router: unknown }).router, '/', new Set());
  return { routes, opaqueMounts: [...opaqueMounts] };
}

/** Express wraps a mounted sub-app in `mounted_app`; its own router is not walked. */
const isSubApp = (handler: unknown) => typeof handler === 'function' && (handler as RequestHandler).name === 'mounted_app';
