# syntax=docker/dockerfile:1
# The Forløpsvakt image: the worker (default command) and the codec server
# (`node lib/codec/server.js`), both from the same compiled code. See docs/operations.md.

# Both stages use Node 22 (LTS), pinned by digest so a rebuild gets exactly the same base image;
# test/compose.test.ts checks the pin. To refresh (security updates of the base image), take the
# current digest of the tag and replace it in both FROM lines:
#   docker buildx imagetools inspect node:22-bookworm-slim --format '{{json .Manifest.Digest}}'
#   (or: docker pull node:22-bookworm-slim && docker inspect --format '{{index .RepoDigests 0}}' node:22-bookworm-slim)

# ---- build: compile TypeScript to lib/ ----------------------------------------------------------
FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY activities ./activities
COPY client ./client
COPY codec ./codec
COPY config ./config
COPY dev ./dev
COPY domain ./domain
COPY worker ./worker
COPY workflows ./workflows
# The workflow bundle (lib/workflow-bundle.js) is built here too: the worker loads it at start-up.
COPY scripts/build-bundle.ts ./scripts/
RUN npm run build

# ---- runtime: production dependencies and the compiled code only -----------------------------
FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
# bin/forlopsvakt runs lib/dev/main.js (the image has no TypeScript sources): `forlopsvakt worker`, `import`, `course ...`.
COPY bin ./bin
USER node
# 9464: Prometheus metrics of the worker (METRICS_PORT); 8888: the codec server (CODEC_SERVER_PORT).
EXPOSE 9464 8888
# lib/worker/main.js only exports runWorker(); the CLI's `worker` command (wired in by lib/dev/main.js)
# runs it, and exits non-zero with one line on a bad configuration or an unreachable server.
CMD ["node", "bin/forlopsvakt", "worker"]
