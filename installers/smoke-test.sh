#!/usr/bin/env bash
# Smoke test of the Linux packages, as a user would meet them, without installing anything as root:
#   1. builds the app-image and the .deb (installers/build-linux.sh), unless --no-build;
#   2. the app-image: bin/drover --version prints the project version, with no display and no JavaFX;
#   3. the .deb: declares GTK 3 in Depends, unpacks with dpkg-deb -x, has both launchers and the desktop entry; the .rpm:
#      declares gtk3, has Drover's scriptlets, unpacks with rpm2cpio and its drover --version works;
#   4. the unpacked drover --version, and a headless drover load of a small CSV into PostgreSQL, checking the counts;
#   5. the sample shop (drover sample) migrated by the unpacked drover into the same PostgreSQL;
#   6. the unpacked Drover (the wizard) under Xvfb with --smoke: builds the main window, prints DROVER-WIZARD-READY and
#      exits 0, with no "unnamed module" warning from JavaFX;
#   7. the unpacked Drover with --smoke-migrate: the wizard clicked through by the FX robot, page by page, the sample
#      shop into its own embedded PostgreSQL, saving the plan on the Review page (a newcomer's first migration).
# Prints the package size and the start-up times.
#
#   installers/smoke-test.sh [--no-build] [--no-maven]
#   DROVER_SMOKE_PG_URL=postgresql://user@host:5432/db installers/smoke-test.sh   (password in PGPASSWORD)
#     (creates and leaves a 3-row table public.drover_smoke_<pid> in that database)
#
# Without DROVER_SMOKE_PG_URL it starts the embedded PostgreSQL 17 the package ships (zonky), with the package's own
# Java runtime, through the testkit's StandalonePostgres (testkit/target/classes, built by the build step).
# Installs xvfb, xauth, libgtk-3-0, rpm and cpio with apt-get when missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
dist="$here/target/dist"
build=1
build_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --no-maven) build_args+=(--no-maven) ;;
        -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "smoke-test.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

failures=0
# ok, fail, now_ms, secs, apt_install
. "$here/lib.sh"

missing=()
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
# the .rpm is built (rpmbuild) and unpacked (rpm2cpio, cpio) too
command -v rpmbuild >/dev/null 2>&1 || missing+=(rpm)
command -v cpio >/dev/null 2>&1 || missing+=(cpio)
# what the .deb depends on for the window (on a desktop it is there already)
dpkg-query -W -f='${Status}' libgtk-3-0 2>/dev/null | grep -q "install ok installed" \
    || dpkg-query -W -f='${Status}' libgtk-3-0t64 2>/dev/null | grep -q "install ok installed" || missing+=(libgtk-3-0)
[ ${#missing[@]} -gt 0 ] && apt_install "${missing[@]}"

total_start=$(now_ms)
if [ "$build" = 1 ]; then
    echo "==> build (installers/build-linux.sh --types app-image,deb,rpm)"
    "$here/build-linux.sh" --types app-image,deb,rpm "${build_args[@]}"
fi
image="$dist/Drover"
deb="$(ls "$dist"/drover_*.deb 2>/dev/null | head -1 || true)"
[ -x "$image/bin/drover" ] && [ -n "$deb" ] || { echo "smoke-test.sh: no app-image or .deb in $dist: build first" >&2; exit 1; }
expected="$(unzip -p "$image"/lib/app/drover-engine-*.jar dev/drover/engine/version.properties | sed -n 's/^version=//p' | tr -d '\r')"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/drover-smoke.XXXXXX")"
pg_pid=""
cleanup() {
    if [ -n "$pg_pid" ]; then
        exec 9>&- 2>/dev/null || true   # end of its standard input: the server stops itself
        for _ in $(seq 1 30); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 1; done
        kill -0 "$pg_pid" 2>/dev/null && kill -TERM "$pg_pid" 2>/dev/null || true
        wait "$pg_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# $1 = what, rest = command: runs it with no display, checks it prints "drover <version>"
check_version() {
    local what="$1"; shift
    local t0 out
    t0=$(now_ms)
    if out="$(env -u DISPLAY -u WAYLAND_DISPLAY "$@" --version 2>&1)"; then
        local ms=$(( $(now_ms) - t0 ))
        if [ "$out" = "drover $expected" ]; then ok "$what --version: '$out' in $(secs $ms)"; else fail "$what --version printed '$out', not 'drover $expected'"; fi
    else
        fail "$what --version exited non-zero: $out"
    fi
}

echo "==> app-image ($image)"
check_version "app-image bin/drover" "$image/bin/drover"

echo "==> .deb ($(basename "$deb"))"
deb_bytes=$(stat -c %s "$deb")
depends="$(dpkg-deb -f "$deb" Depends)"
# both names of the libraries Debian 13 and Ubuntu 24.04 renamed (t64), and nothing of the build machine's own
if grep -q "libgtk-3-0 | libgtk-3-0t64" <<<"$depends" && grep -q "libasound2 | libasound2t64" <<<"$depends" \
        && ! grep -q "libjpeg62-turbo" <<<"$depends"; then ok "Depends: $depends"
else fail "Depends should name libgtk-3-0 | libgtk-3-0t64 and libasound2 | libasound2t64 and no build-machine libraries: $depends"; fi
dpkg-deb -x "$deb" "$tmp/root"
opt="$tmp/root/opt/drover"
for f in bin/Drover bin/drover lib/drover-Drover.desktop lib/Drover.png; do
    if [ -e "$opt/$f" ]; then ok "/opt/drover/$f"; else fail "/opt/drover/$f missing from the .deb"; fi
done
dpkg-deb -I "$deb" postinst | grep -q 'xdg-desktop-menu install.*drover-drover.desktop' && fail "the command line gets a menu entry" \
    || ok "only the wizard gets a menu entry"
grep -q '^Exec=/opt/drover/bin/Drover' "$opt/lib/drover-Drover.desktop" 2>/dev/null && ok "desktop entry starts /opt/drover/bin/Drover" \
    || fail "desktop entry: $(grep '^Exec' "$opt/lib/drover-Drover.desktop" 2>/dev/null)"
dpkg-deb -I "$deb" postinst | grep -q 'ln -sf /opt/drover/bin/drover /usr/bin/drover' && ok "postinst links /usr/bin/drover" \
    || fail "postinst does not link /usr/bin/drover"
installed_kb=$(du -sk "$opt" | cut -f1)
check_version "unpacked /opt/drover/bin/drover" "$opt/bin/drover"

rpm_file="$(ls "$dist"/drover-*.rpm 2>/dev/null | head -1 || true)"
if [ -n "$rpm_file" ]; then
    echo "==> .rpm ($(basename "$rpm_file"))"
    rpm -qpR "$rpm_file" 2>/dev/null | grep -qx 'gtk3' && ok "Requires names gtk3" || fail "Requires: $(rpm -qpR "$rpm_file" 2>/dev/null | tr '\n' ' ')"
    scripts="$(rpm -qp --scripts "$rpm_file" 2>/dev/null)"
    echo "$scripts" | grep -q 'ln -sf /opt/drover/bin/drover /usr/bin/drover' && ok "%post links /usr/bin/drover" \
        || fail "%post does not link /usr/bin/drover"
    echo "$scripts" | grep -q 'drover-drover.desktop' && fail "the command line gets a menu entry" || ok "only the wizard gets a menu entry"
    echo "$scripts" | grep -q 'uninstall /opt/drover/lib/drover-Drover.desktop 2>/dev/null || :' \
        && ok "%preun cannot fail without a desktop" || fail "%preun may fail where no desktop is installed"
    mkdir -p "$tmp/rpmroot"
    (cd "$tmp/rpmroot" && rpm2cpio "$rpm_file" | cpio -idm --quiet)
    check_version "unpacked .rpm /opt/drover/bin/drover" "$tmp/rpmroot/opt/drover/bin/drover"
    rpm_bytes=$(stat -c %s "$rpm_file")
else
    [ "$build" = 1 ] && fail "no .rpm was built"
    rpm_bytes=0
fi

echo "==> drover load (headless, from the unpacked .deb)"
url="${DROVER_SMOKE_PG_URL:-}"
if [ -z "$url" ]; then
    [ -d "$root/testkit/target/classes" ] || { echo "smoke-test.sh: testkit/target/classes missing: set DROVER_SMOKE_PG_URL or build" >&2; exit 1; }
    mkfifo "$tmp/pg.stdin"
    # on the package's own runtime and jars: the same zonky code the wizard's "Embedded PostgreSQL" runs
    "$opt/lib/runtime/bin/java" -cp "$root/testkit/target/classes:$opt/lib/app/*" dev.drover.testkit.StandalonePostgres \
         shared_buffers=128MB max_wal_size=1GB <"$tmp/pg.stdin" >"$tmp/pg.out" 2>"$tmp/pg.err" &
    pg_pid=$!
    exec 9>"$tmp/pg.stdin"              # held open while the script runs
    for _ in $(seq 1 120); do
        url="$(sed -n 's/^READY //p' "$tmp/pg.out" | head -1)"
        [ -n "$url" ] && break
        kill -0 "$pg_pid" 2>/dev/null || { cat "$tmp/pg.err" >&2; echo "smoke-test.sh: the embedded PostgreSQL did not start" >&2; exit 1; }
        sleep 1
    done
    [ -n "$url" ] || { echo "smoke-test.sh: the embedded PostgreSQL did not start in 120 s" >&2; exit 1; }
    echo "    embedded PostgreSQL at $url"
fi
table="drover_smoke_$$"
printf 'id,name,amount,sold_on\n1,anvil,12.50,2024-01-31\n2,"rope, 10 m",3.20,2024-02-29\n3,lantern,,2024-03-01\n' >"$tmp/smoke.csv"
t0=$(now_ms)
if (cd "$tmp" && env -u DISPLAY -u WAYLAND_DISPLAY "$opt/bin/drover" load smoke.csv "$url?public.$table" \
        --header --create-table --infer-types --no-progress --summary summary.json >"$tmp/load.out" 2>&1); then
    ms=$(( $(now_ms) - t0 ))
    if grep -Eq '"(rows_)?loaded"[[:space:]]*:[[:space:]]*3\b' "$tmp/summary.json"; then
        ok "loaded 3 rows into public.$table in $(secs $ms)"
    else
        fail "the summary does not say 3 rows loaded: $(head -c 600 "$tmp/summary.json")"
    fi
else
    fail "drover load exited non-zero: $(cat "$tmp/load.out")"
fi

echo "==> the sample shop migrated into that PostgreSQL (drover sample, drover load, from the unpacked .deb)"
t0=$(now_ms)
schema="smoke_shop_$$"
# exit 3: the sample plants a few rows PostgreSQL refuses, which go to the reject files
if (cd "$tmp" && env -u DISPLAY -u WAYLAND_DISPLAY "$opt/bin/drover" sample shop.db >/dev/null 2>&1); then
    set +e
    (cd "$tmp" && env -u DISPLAY -u WAYLAND_DISPLAY "$opt/bin/drover" load sqlite://"$tmp/shop.db" "$url" --schema "$schema" \
        --no-progress --summary shop.json >"$tmp/shop.out" 2>&1)
    code=$?
    set -e
    ms=$(( $(now_ms) - t0 ))
    tables=$(grep -o '"table"' "$tmp/shop.json" 2>/dev/null | wc -l)
    if [ "$code" -le 3 ] && [ "$tables" -eq 4 ] && grep -q '"outcome"' "$tmp/shop.json"; then
        ok "sample shop: 4 tables, $(grep -o '"loaded" *: *[0-9]*' "$tmp/shop.json" | head -1 | grep -o '[0-9]*$') rows in the totals, exit $code, in $(secs $ms)"
    else
        fail "the sample migration (exit $code, $tables tables): $(tail -5 "$tmp/shop.out")"
    fi
else
    fail "drover sample failed"
fi

echo "==> the wizard under Xvfb (Drover --smoke, from the unpacked .deb)"
mkdir -p "$tmp/home"
t0=$(now_ms)
# HOME: the wizard's files (~/.drover) go to the temporary directory
if HOME="$tmp/home" timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" "$opt/bin/Drover" --smoke >"$tmp/wizard.out" 2>"$tmp/wizard.err"; then
    ms=$(( $(now_ms) - t0 ))
    if grep -q '^DROVER-WIZARD-READY$' "$tmp/wizard.out"; then ok "$(grep '^Drover wizard' "$tmp/wizard.out") — DROVER-WIZARD-READY in $(secs $ms) (Xvfb start included)"
    else fail "no DROVER-WIZARD-READY marker: $(cat "$tmp/wizard.out" "$tmp/wizard.err")"; fi
else
    fail "Drover --smoke exited non-zero: $(cat "$tmp/wizard.out" "$tmp/wizard.err")"
fi
if grep -q "Unsupported JavaFX configuration" "$tmp/wizard.err"; then fail "JavaFX warns: $(grep 'Unsupported JavaFX' "$tmp/wizard.err")"; else ok "no 'unnamed module' warning"; fi

echo "==> the wizard clicked through by the FX robot: the sample shop into its embedded PostgreSQL (Drover --smoke-migrate, from the unpacked .deb)"
mkdir -p "$tmp/home2"
t0=$(now_ms)
if HOME="$tmp/home2" timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" "$opt/bin/Drover" --smoke-migrate --save-plan "$tmp/shop.yaml" \
        >"$tmp/migrate.out" 2>"$tmp/migrate.err"; then
    ms=$(( $(now_ms) - t0 ))
    if grep -q '^DROVER-SAMPLE-MIGRATED$' "$tmp/migrate.out"; then ok "$(grep '^sample shop' "$tmp/migrate.out") in $(secs $ms), PostgreSQL's first start included"
    else fail "no DROVER-SAMPLE-MIGRATED marker: $(cat "$tmp/migrate.out" "$tmp/migrate.err" | tail -20)"; fi
    if [ -s "$tmp/shop.yaml" ]; then ok "the Review page's Save plan wrote $tmp/shop.yaml"; else fail "--save-plan: no plan at $tmp/shop.yaml"; fi
else
    fail "Drover --smoke-migrate exited non-zero: $(cat "$tmp/migrate.out" "$tmp/migrate.err" | tail -20)"
fi

echo "==> sizes"
echo "    .deb: $((deb_bytes / 1024 / 1024)) MB ($deb_bytes bytes); .rpm: $((rpm_bytes / 1024 / 1024)) MB; installed: $((installed_kb / 1024)) MB; runtime: $(du -sh "$opt/lib/runtime" | cut -f1), jars: $(du -sh "$opt/lib/app" | cut -f1)"
echo "    smoke test took $(secs $(( $(now_ms) - total_start )))$([ "$build" = 1 ] && echo ', build included')"
if [ "$failures" -gt 0 ]; then
    echo "smoke-test.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "DROVER SMOKE OK"
