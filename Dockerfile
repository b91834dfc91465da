# One image for the API and the workers; docker-compose.yml picks the command.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# The sources the server (tsconfig.build.json) and the web app (client/, scripts/) are built
# from; .dockerignore keeps out tests, docs, local data and local builds.
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
# The code is built already: `npm run user:create` runs the compiled script (see README).
# /data is the volume of uploads; it must belong to the user the app runs as.
RUN npm pkg set 'scripts.user:create=node dist/scripts/user-create.js' && mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/server/index.js"]
