# Roomchat in one container. The build stage installs, builds and prunes with the same commands as
# `npm run setup` (install, then build); the runtime stage runs what `npm start` runs, as a non-root
# user, with only the files that needs. docs/deploy.md explains how to run it;
# __tests__/integration/container.test.ts proves these commands without Docker.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native addon with node-gyp when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies in their own layer, so that a source change does not reinstall them. Not `npm ci`: the
# lockfile may lack other platforms' optional packages, which makes npm ci abort (ENVIRONMENT.md).
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build
# The runtime needs only the production dependencies (the compiled addon stays as built above), and
# not the build's cache.
RUN npm prune --omit=dev --no-audit --no-fund && rm -rf .next/cache

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# What `npm start` sets, and where the container keeps its data. HOSTNAME: Docker sets it to the
# container's id; the server must listen on every interface to be reached through the port mapping.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/chat.db
COPY --from=build /app/package.json /app/next.config.js ./
COPY --from=build /app/scripts/healthcheck.mjs ./scripts/
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Next.js may write its cache under .next at run time: that directory belongs to the app's user.
COPY --from=build --chown=node:node /app/.next ./.next
# Created before VOLUME so that a new volume starts out owned by the app's user.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# Exec form: node is PID 1 and receives SIGTERM itself, which starts the graceful shutdown. The
# command is `npm start`'s (the container test holds them equal).
CMD ["node", "dist/server.js"]
