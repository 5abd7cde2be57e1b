# syntax=docker/dockerfile:1
# The service as an image: built as the README builds it (npm ci, whose prepare script is `npm run build`), then only
# what runs is copied into a slim runtime stage. Build and run: see "Run it in containers" in the README.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles from source when no prebuilt binary matches; these are what it needs.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# The README's install: npm ci is `npm install` held to package-lock.json; its prepare script builds (npm run build:
# the TypeScript and the web console). Then the development dependencies go.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM to node (which then drains, see Shutdown in the README) and reaps the
# subprocesses (ffmpeg, the document workers' children).
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/LICENSE /app/NOTICE ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist/src ./dist/src
COPY --from=build --chown=root:root /app/dist/console ./dist/console
COPY --from=build --chown=root:root /app/models ./models
COPY deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
# The data folder (generated master key, bootstrap credentials, SQLite when no AISP_DATABASE_URL) is the only place
# the service writes; the code is owned by root and read-only to the service's user.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
ENV NODE_ENV=production \
  AISP_HOST=0.0.0.0 \
  AISP_PORT=8080 \
  AISP_DATA_DIR=/data
VOLUME ["/data"]
USER node
EXPOSE 8080
# Liveness only: the process serves HTTP (readiness, /health/ready, is for load balancers and Kubernetes).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.AISP_PORT || 8080) + '/health/live').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/docker-entrypoint.sh"]
# package.json's start script, without the shell npm would put between tini and node.
CMD ["node", "dist/src/main.js", "serve"]
