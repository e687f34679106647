# Multi-stage build of the lvyue server: build with the Rust toolchain, run on slim Debian.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release -p lvyue

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 libsqlite3-0 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/lvyue lvyue && mkdir -p /var/lib/lvyue \
    && chown lvyue /var/lib/lvyue
COPY --from=build /src/target/release/lvyue /usr/local/bin/lvyue
USER lvyue
WORKDIR /var/lib/lvyue
ENV LVYUE_BIND=0.0.0.0:8080 LVYUE_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["lvyue"]
CMD ["serve"]
