# syntax=docker/dockerfile:1
# One image for every role (api, worker, migrate, ops); the command picks the role. Compiled JavaScript only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: sources are not here yet, and every native piece we need ships prebuilt in its package.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY api ./api
COPY activities ./activities
COPY db ./db
COPY workflows ./workflows
COPY worker ./worker
# tsc → dist/, migrations copied beside dist/db/migrate.js, workflows pre-bundled into dist/workflow-bundle.js.
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# Scripts stay off (the root postinstall also builds the dashboard, a dev-only step); the patches that matter at run
# time — postgres.js's pool queue and @temporalio/client's namespace header (BENCHMARKS.md, 1 and 3e) — are applied
# explicitly, and a patch that no longer applies fails the build.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npx --no-install patch-package --error-on-fail && npm cache clean --force
COPY --from=build /app/dist ./dist
# The worker loads the pre-built bundle instead of running webpack at start.
# WORKER_METRICS_HOST defaults to 127.0.0.1 for a bare host; in a container the probes and Prometheus connect from the
# container network, so the image listens on the container's interfaces (9464 is exposed, never published here).
ENV WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js \
    PORT=3000 \
    WORKER_METRICS_PORT=9464 \
    WORKER_METRICS_HOST=0.0.0.0
# The node image's unprivileged user (uid 1000): nothing in /app is writable by it.
USER node
EXPOSE 3000 9464
# The API by default; the worker's compose service overrides the command and the healthcheck (its /healthz on 9464).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/api/main.js"]
