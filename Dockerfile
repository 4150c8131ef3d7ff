# The `impact` command in a container: Node 20, the locked dependencies and the TypeScript
# sources, run through tsx as on a laptop (no build step). docker-compose.yml runs it as the
# worker and the scheduler; the project (impact.yaml, exports/, data/) is mounted at /srv/impact.
FROM node:20-bookworm-slim

WORKDIR /app
COPY package.json package-lock.json ./
# npm ci refuses a lock without every optional platform package (see .ci/run); fall back to
# npm install, which keeps the locked versions.
RUN npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY bin/ bin/
COPY lib/ lib/
COPY sources/ sources/
COPY transforms/ transforms/
COPY sql/ sql/
COPY pipelines/ pipelines/
COPY jobs/ jobs/
COPY bench/generate/ bench/generate/

ENV TZ=Europe/Amsterdam
USER node
WORKDIR /srv/impact
ENTRYPOINT ["node", "/app/bin/impact.js"]
CMD ["--help"]
