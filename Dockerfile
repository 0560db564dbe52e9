# webex-mockserver: a faithful mock of the Cisco WebEx XML API, as a container.
#
#   docker build -t webex-mockserver .
#   docker run --rm -p 127.0.0.1:8800:8800 webex-mockserver
#
# Base image: any Debian-like image with python3 >= 3.11 and the venv module. The default is the official slim
# image; CI builds on a local debootstrap base (python3 + python3-venv), whose own Python forbids a plain system
# `pip install` (PEP 668) -- which is why the package goes into a virtualenv.
#
# Paths (see docs/container.md):
#   /etc/webex-mockserver/        read-only mounts: a seed file (WEBEX_MOCK_SEED_FILE) and/or a config file
#                                 (WEBEX_MOCK_CONFIG), e.g. -v ./seed.json:/etc/webex-mockserver/seed.json:ro
#   /var/lib/webex-mockserver/    writable by the container user (UID 10001): the state file, an SQLite database
#                                 (WEBEX_MOCK_STATE_FILE=/var/lib/webex-mockserver/state.db); mount a volume
#                                 or a tmpfs here, e.g. with --read-only
#
# Package indexes: the build uses the base image's pip defaults. A custom index (and its credentials) is given as a
# build secret, never a build argument, so it ends up in no layer and no history:
#   docker build --secret id=pipconf,src=./pip.conf .
ARG BASE_IMAGE=python:3.12-slim

# ---------------------------------------------------------------------------------------------------- build stage
FROM ${BASE_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY fixtures ./fixtures
COPY schemas ./schemas
COPY mockserver ./mockserver

# pip builds the wheel (hatchling) in a throw-away isolated environment and installs it, non-editable, with its
# dependencies into the virtualenv; the installer itself (pip, setuptools) is removed from the virtualenv
# afterwards, so the runtime stage gets an application, not a toolchain. The optional secret is a pip.conf.
RUN --mount=type=secret,id=pipconf,required=false \
    if [ -s /run/secrets/pipconf ]; then export PIP_CONFIG_FILE=/run/secrets/pipconf; fi \
    && python3 -m venv /opt/webex-mockserver \
    && /opt/webex-mockserver/bin/python -m pip install --no-cache-dir . \
    && /opt/webex-mockserver/bin/python -m pip uninstall --yes pip setuptools \
    && /opt/webex-mockserver/bin/webex-mockserver --version

# -------------------------------------------------------------------------------------------------- runtime stage
FROM ${BASE_IMAGE}

ARG BASE_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown

LABEL org.opencontainers.image.title="webex-mockserver" \
      org.opencontainers.image.description="A local, faithful stand-in for the Cisco WebEx XML API (POST /WBXService/XMLService) for tests, CI and local development." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="${BASE_IMAGE}" \
      org.opencontainers.image.documentation="docs/container.md" \
      io.webex-mockserver.seed-path="/etc/webex-mockserver" \
      io.webex-mockserver.state-path="/var/lib/webex-mockserver"

# A fixed non-root user and group 10001, written directly (no useradd: works on any base), owning only the state
# directory. The application itself stays root-owned and read-only to it.
RUN echo 'webexmock:x:10001:10001:webex-mockserver:/var/lib/webex-mockserver:/usr/sbin/nologin' >> /etc/passwd \
    && echo 'webexmock:x:10001:' >> /etc/group \
    && mkdir -p /etc/webex-mockserver /var/lib/webex-mockserver \
    && chown 10001:10001 /var/lib/webex-mockserver \
    && chmod 0750 /var/lib/webex-mockserver

COPY --from=build /opt/webex-mockserver /opt/webex-mockserver

ENV PATH=/opt/webex-mockserver/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WEBEX_MOCK_HOST=0.0.0.0 \
    WEBEX_MOCK_PORT=8800 \
    WEBEX_MOCK_LOG_LEVEL=info \
    WEBEX_MOCK_LOG_FORMAT=text

USER 10001:10001
WORKDIR /var/lib/webex-mockserver
EXPOSE 8800

# Liveness without curl: the virtualenv's Python asks /_mock/health on the configured port. While starting, the
# probe runs every second (--start-interval, Docker Engine >= 25), so the container is healthy about 1 s after
# `docker run`; then every 10 s. Older engines and builders (Docker < 25, older podman such as Debian 12's 4.3)
# refuse that flag: delete it here to build there (the first probe then runs 10 s after start), or run the
# container with --health-interval=1s.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --start-interval=1s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; port = os.environ.get('WEBEX_MOCK_PORT') or '8800'; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:' + port + '/_mock/health', timeout=2).status == 200 else 1)"]

ENTRYPOINT ["webex-mockserver"]
CMD []
