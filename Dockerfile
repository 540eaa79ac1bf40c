# syntax=docker/dockerfile:1
# One artefact for every process of the deployment: the gateway (the default command), the
# standalone subgraphs (`npm run start:subgraph -- <name>`), the worker (`npm run
# start:worker`) and the migration job (`npm run db:migrate`). All run the JavaScript that
# `npm run build` compiles into dist/, the same files `npm start` and the tests run outside
# Docker; the compiler is a dev dependency and stays in the build stage.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies' install scripts are not needed (package.json "allowScripts" denies them all);
# the project's own postinstall (Prisma client generation, dist/, the console's build) runs
# below, once sources are in, before the dev dependencies that build them go.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run db:generate \
  && npm run build \
  && npm run console:build \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && mkdir -p .data

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=10 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, nothing between it and `docker stop`'s SIGTERM: it drains, then exits 0.
CMD ["node", "--enable-source-maps", "--max-semi-space-size=64", "dist/gateway/src/main.js"]
