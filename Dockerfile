# The production image of Sportello: compiled JavaScript on the current Node.js LTS, run as an
# unprivileged user, with a health check. Three stages:
#   build    every dependency, `npm run build` (src/ -> dist/)
#   deps     the production dependencies alone (`npm ci --omit=dev`: no compiler, no tsx, no
#            test identity provider, no development mail server)
#   runtime  the slim base image, the production dependencies, dist/ and the files the code
#            reads at run time (views/, public/, migrations/); no sources, no tests, no npm
#
#   docker build -t sportello .
#   docker run --env-file .env -p 3000:3000 sportello                       # the portal
#   docker run --env-file .env sportello node dist/worker.js                # the notification worker
#   docker run --env-file .env sportello node dist/db/migrate-cli.js        # migrations, then exit
#
# Production (NODE_ENV=production, set below) refuses the bundled test providers and starts
# only with the comune's settings: see .env.example and docker-compose.yml.

# Node.js 26 is the Active LTS line from 2026-10-28 (24 is in maintenance); Debian 13 (trixie)
# is the default of the official images. Another base: --build-arg NODE_IMAGE=...
ARG NODE_IMAGE=node:26-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# the package managers are not needed to run: fewer tools in the image, fewer advisories
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn* /usr/local/bin/yarn /usr/local/bin/yarnpkg \
  && mkdir -p /data && chown node:node /data
# owned by root, read-only to the process: it writes only under DATA_DIR
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
COPY migrations ./migrations

# the official image's unprivileged user (uid 1000)
USER node
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
# V8 grows its young generation to 2 x 16 MB while the portal boots (migrations, the seed
# catalogue) and keeps it at rest: 8 MB halves that, for a portal at rest at about 131 MB
# resident instead of 139 MB (bench/memory.ts, bench/results/memory-*.json), at the price of
# more frequent minor collections in a burst. Override with NODE_OPTIONS.
ENV NODE_OPTIONS=--max-semi-space-size=8
EXPOSE 3000
# liveness: the process answers (readiness, /readyz, also needs the database and migrations)
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node itself (no shell in between): it drains requests and closes (src/server.ts)
CMD ["node", "dist/server.js"]
