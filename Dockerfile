# syntax=docker/dockerfile:1
# One artefact for every process of the deployment: the gateway (`npm start`, the default
# command), the standalone subgraphs (`npm run start:subgraph -- <name>`), the worker
# (`npm run start:worker`) and the migration job (`npm run db:migrate`). TypeScript runs
# through @swc-node/register exactly as `npm start` runs it outside Docker: no separate
# compile step, so what is tested is what ships.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies' install scripts are not needed (package.json "allowScripts" denies them all);
# the project's own postinstall (Prisma client generation, the console's build) runs below,
# once sources are in; the console is built before the dev dependencies that build it go.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run db:generate \
  && npm run console:build \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && mkdir -p .data

FROM node:20-bookworm-slim AS runtime
# NPM_CONFIG_SCRIPT_SHELL: npm runs a script through a shell that it signals on `docker stop`.
# Debian's /bin/sh (dash) stays between npm and node and dies of the SIGTERM, npm exits 143
# and node never hears it: no drain, killed with the container. bash runs a one-command
# script in its own place, so node is npm's child, drains, and npm exits with its code.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash
WORKDIR /app
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=10 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "start"]
