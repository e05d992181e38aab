# The image of `palisade agent` (deploy/20-daemonset.yaml): palisade on
# Node.js 20, with nft(8). Build it from the repository's root:
#   docker build -t ghcr.io/palisade-dev/palisade:0.1.0 .
# The base is pinned by version; a release should pin its digest as well
# (node:20.20.2-bookworm-slim@sha256:...), so that a rebuild is the same image.

FROM node:20.20.2-bookworm-slim AS build
WORKDIR /src
# Dependencies first, so that a change to the sources reuses this layer. No
# install scripts: the package's own (prepare) would build before the sources
# are here.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build
# Leave out what the published package leaves out (package.json "files": tests
# and benchmarks), and every dependency the command does not need to run.
RUN rm -rf dist/bench \
 && find dist -name '*.test.*' -delete \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20.20.2-bookworm-slim
# nftables: the agent applies its rulesets with nft. iproute2: ip and ss, for
# whoever inspects the node's network from the agent's pod (kubectl exec).
# tcpdump: the agent reads the drops it logs (--log-denied) from NFLOG with it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nftables iproute2 tcpdump \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
# No USER: the agent runs as uid 0 with CAP_NET_ADMIN only (the DaemonSet drops
# every other capability); README "Deploying the agent" says why not non-root.
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
