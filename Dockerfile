# syntax=docker/dockerfile:1
# The opslens image: one static binary (the SQLite driver is pure Go, so
# no cgo) on a small base that also has git, which workers need to clone
# the git URLs of registered repositories (a distroless base would be
# smaller, but it has no git, so scans of git URLs would fail in the
# workers of compose.yaml and of the Helm chart). It runs as an
# unprivileged user, the same UID as distroless's "nonroot".
#
#   docker build -t opslens --build-arg VERSION=v1.2.3 .
#   docker run -p 8080:8080 -v opslens-data:/data opslens        # SQLite in /data
#   docker run -e OPSLENS_DB=postgres://… opslens worker          # a scan worker

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, in their own layer, so code changes reuse the download.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/opslens ./cmd/opslens

FROM alpine:3.22
RUN apk add --no-cache ca-certificates git openssh-client \
	&& adduser -D -H -u 65532 -h /nonexistent opslens \
	&& mkdir -p /data \
	&& chown 65532:65532 /data
COPY --from=build /out/opslens /usr/local/bin/opslens
USER 65532:65532
# SQLite in the volume by default; set OPSLENS_DB=postgres://… for a
# shared database. Clones for scans go to /tmp, which may be read-write
# while the rest of the file system is read-only.
ENV OPSLENS_DB=/data/opslens.db \
	OPSLENS_ADDR=:8080 \
	OPSLENS_WORK_DIR=/tmp/opslens-clones \
	OPSLENS_LOG_FORMAT=json
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/opslens"]
CMD ["serve"]
