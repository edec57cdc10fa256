#!/usr/bin/env bash
# The issue's "done means", tried as a new user would: the .deb installed with apt on a Debian 12 that has no Java.
# Unlike smoke-test.sh, which only unpacks the package, this runs its install scripts and lets apt resolve its
# dependencies, in a fresh minimal Debian 12 (debootstrap) under installers/target/new-user-root:
#   1. debootstrap --variant=minbase bookworm, with /proc, /sys and /dev bound in (always unbound at the end);
#   2. no java on that system;
#   3. a stand-in for the user's desktop: xvfb, xauth, xdg-utils;
#   4. apt-get install -y ./drover_*.deb, as the README says (GTK comes with it); time and installed size;
#   5. as a normal user, alice (su -l): drover --version from the shell; the menu entry's Exec= command under Xvfb with
#      --smoke-migrate --save-plan ~/shop.yaml (the wizard migrates the sample shop into its embedded PostgreSQL and
#      saves the plan); drover run ~/shop.yaml (target "embedded": Drover's own PostgreSQL in ~/.drover), exit 0 or 3
#      and 4 tables in the --summary JSON;
#   6. apt-get purge -y drover: /opt/drover, /usr/bin/drover and the menu entry gone, alice's ~/.drover untouched;
#   7. the .rpm's install scripts on the same system (rpm -i --nodeps: Debian has no gtk3 rpm, so this checks the
#      scriptlets and the layout, not the dependencies), unless --no-rpm or no .rpm was built.
# Ends with DROVER NEW USER OK, or exits 1. About 2 minutes on 2 cores, most of it debootstrap and apt.
#
#   installers/new-user-test.sh [--deb FILE] [--rpm FILE] [--no-rpm] [--keep]
#     --deb FILE   the package to try (default: installers/target/dist/drover_*.deb, built by build-linux.sh if absent)
#     --keep       keep the Debian tree afterwards, to look around: chroot installers/target/new-user-root
#     --suite S    the Debian release to try on (default bookworm, Debian 12; trixie is Debian 13)
#   DEBIAN_MIRROR=http://... (default http://deb.debian.org/debian)
#
# Needs root (debootstrap, chroot, mount) and the network to the Debian mirror; installs debootstrap when missing.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dist="$here/target/dist"
rootfs="$here/target/new-user-root"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
deb="" rpm_file="" want_rpm=1 keep=0 suite=bookworm
while [ $# -gt 0 ]; do
    case "$1" in
        --deb) deb="$2"; shift ;;
        --rpm) rpm_file="$2"; shift ;;
        --no-rpm) want_rpm=0 ;;
        --keep) keep=1 ;;
        --suite) suite="$2"; shift ;;
        -h|--help) sed -n '2,/^set /{/^#/p}' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "new-user-test.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
# Not a silent pass: a CI that runs this without root must see it fail.
if [ "$(id -u)" -ne 0 ]; then
    echo "new-user-test.sh: FAILED: must run as root (debootstrap, chroot and mount need it); try: sudo $0" >&2
    exit 1
fi

failures=0
# ok, fail, now_ms, secs, apt_install
. "$here/lib.sh"

if [ -z "$deb" ]; then
    deb="$(ls "$dist"/drover_*.deb 2>/dev/null | head -1 || true)"
    if [ -z "$deb" ]; then
        echo "==> no .deb in $dist: building it (installers/build-linux.sh)"
        "$here/build-linux.sh"
        deb="$(ls "$dist"/drover_*.deb | head -1)"
    fi
fi
[ -f "$deb" ] || { echo "new-user-test.sh: no such .deb: $deb" >&2; exit 1; }
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
[ -z "$rpm_file" ] && rpm_file="$(ls "$(dirname "$deb")"/drover-*.rpm 2>/dev/null | head -1 || true)"
command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap

mounted=()   # mount points in the tree, in mount order; unmounted in reverse
# Processes still running in the tree (a PostgreSQL left behind) would keep the mounts busy: ended by their pid.
stop_chroot_processes() {
    local p pids=()
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$rootfs" ] && pids+=("${p#/proc/}")
    done
    [ ${#pids[@]} -eq 0 ] && return 0
    echo "    stopping processes left in the tree: ${pids[*]}"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    sleep 2
    kill -KILL "${pids[@]}" 2>/dev/null || true
}
unmount_all() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || true
    done
    mounted=()
}
# Every mount of the tree, whoever made it (an earlier run killed before its trap): none may remain before rm -rf.
mounts_left() { awk -v r="$rootfs" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts; }
cleanup() {
    local code=$?
    stop_chroot_processes
    unmount_all
    if [ -n "$(mounts_left)" ]; then
        echo "new-user-test.sh: still mounted, the tree is kept: $(mounts_left | tr '\n' ' ')" >&2
        exit 1
    fi
    # --one-file-system: even a mount missed above would stop rm, not empty the host's /dev
    [ "$keep" = 0 ] && rm -rf --one-file-system "$rootfs"
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bind() {
    mkdir -p "$rootfs$2"
    mount "${@:3}" "$1" "$rootfs$2"
    mounted+=("$rootfs$2")
}
# as root in the tree, no host environment leaking in (no JAVA_HOME, no DISPLAY)
in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"; }
# as alice, through a login shell: her PATH is what /etc/login.defs and /etc/profile give a new user
as_alice() { chroot "$rootfs" /usr/bin/env -i TERM=dumb su -l alice -c "$1"; }

total_start=$(now_ms)
echo "==> a minimal Debian ($suite) without Java (debootstrap --variant=minbase $suite $mirror)"
[ -n "$(mounts_left)" ] && { echo "new-user-test.sh: $rootfs has mounts from an earlier run: $(mounts_left | tr '\n' ' ')" >&2; exit 1; }
rm -rf --one-file-system "$rootfs"
mkdir -p "$rootfs"
t0=$(now_ms)
if debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$here/target/new-user-debootstrap.log" 2>&1; then
    debootstrap_ms=$(( $(now_ms) - t0 ))
    ok "debootstrap in $(secs $debootstrap_ms)"
else
    tail -20 "$here/target/new-user-debootstrap.log" >&2
    fail "debootstrap failed (log: $here/target/new-user-debootstrap.log)"
    exit 1
fi
bind /proc /proc --bind
bind /sys /sys --bind
bind /dev /dev --bind
bind /dev/pts /dev/pts --bind
# its own /dev/shm: the embedded PostgreSQL's shared memory stays in the test, not on the host
bind tmpfs /dev/shm -t tmpfs -o mode=1777,size=256m
cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
# debootstrap writes no /etc/hosts, which every installed Debian has (the installer, cloud images): without it
# "localhost" does not resolve and the embedded PostgreSQL, which listens on localhost, cannot start
[ -e "$rootfs/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$rootfs/etc/hosts"
# no service starts in the tree (dbus comes with GTK): nothing outlives the test
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod 755 "$rootfs/usr/sbin/policy-rc.d"
ok "/proc, /sys, /dev, /dev/pts and a /dev/shm mounted"

if in_root sh -c 'command -v java' >/dev/null 2>&1; then fail "java is on the PATH: $(in_root sh -c 'command -v java')"
else ok "no java on the PATH"; fi
in_root sh -c 'ls -d /usr/lib/jvm 2>/dev/null' >/dev/null && fail "there is a /usr/lib/jvm" || ok "no /usr/lib/jvm"

echo "==> the user's desktop, stood in for: xvfb xauth xdg-utils"
t0=$(now_ms)
if in_root sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends xvfb xauth xdg-utils' \
        >"$here/target/new-user-desktop.log" 2>&1; then
    ok "installed in $(secs $(( $(now_ms) - t0 )))"
else
    fail "apt-get install xvfb xauth xdg-utils failed: $(tail -n 10 "$here/target/new-user-desktop.log")"; exit 1
fi

echo "==> apt-get install -y ./$(basename "$deb") (as the README says: apt brings GTK)"
cp "$deb" "$rootfs/root/"
packages_before=$(in_root dpkg-query -W -f='${Status}\n' | grep -c 'install ok installed')
kb_before=$(du -sk --one-file-system "$rootfs" | cut -f1)
t0=$(now_ms)
if in_root sh -c "cd /root && apt-get install -y ./$(basename "$deb")" >"$here/target/new-user-apt.log" 2>&1; then
    ms=$(( $(now_ms) - t0 ))
    packages=$(( $(in_root dpkg-query -W -f='${Status}\n' | grep -c 'install ok installed') - packages_before ))
    disk_mb=$(( ($(du -sk --one-file-system "$rootfs" | cut -f1) - kb_before) / 1024 ))
    drover_kb=$(in_root dpkg-query -W -f='${Installed-Size}' drover)
    apt_ms=$ms
    ok "installed in $(secs $ms): drover $((drover_kb / 1024)) MB, with $((packages - 1)) other packages apt chose: $disk_mb MB on disk in all"
else
    tail -20 "$here/target/new-user-apt.log" >&2
    fail "apt-get install ./$(basename "$deb") failed (log: $here/target/new-user-apt.log)"; exit 1
fi
gtk="$(in_root dpkg-query -W -f='${Package} ${Status}\n' libgtk-3-0 libgtk-3-0t64 2>/dev/null | sed -n 's/ install ok installed$//p' | head -1)"
[ -n "$gtk" ] && ok "GTK 3 came with it ($gtk)" || fail "neither libgtk-3-0 nor libgtk-3-0t64 is installed"
if in_root sh -c 'command -v java' >/dev/null 2>&1; then fail "the package put java on the PATH: $(in_root sh -c 'command -v java')"
else ok "still no java on the PATH: Drover brings its own runtime"; fi
in_root sh -c 'dpkg -l | grep -E "^ii +(openjdk|default-j)"' && fail "apt installed a Java" || ok "apt installed no Java"
[ "$(readlink "$rootfs/usr/bin/drover")" = /opt/drover/bin/drover ] && ok "/usr/bin/drover -> /opt/drover/bin/drover" \
    || fail "/usr/bin/drover: $(ls -l "$rootfs/usr/bin/drover" 2>&1)"
entry="$(cd "$rootfs" && ls usr/share/applications/*drover*.desktop 2>/dev/null | head -1 || true)"
if [ -n "$entry" ]; then ok "menu entry /$entry"; else fail "no menu entry in /usr/share/applications"; fi
ls "$rootfs"/usr/share/applications/*drover-drover*.desktop >/dev/null 2>&1 && fail "the command line got a menu entry too" \
    || ok "only the wizard is in the menu"

echo "==> as a new user, alice"
in_root useradd -m -s /bin/bash alice
expected="$(dpkg-deb -f "$deb" Version)"; expected="${expected%-*}"
t0=$(now_ms)
if out="$(as_alice 'drover --version' 2>&1)"; then
    ms=$(( $(now_ms) - t0 ))
    version_ms=$ms
    case "$out" in
        "drover $expected"*) ok "drover --version from her shell: '$out' in $(secs $ms) (su -l included)" ;;
        *) fail "drover --version printed '$out', not 'drover $expected...'" ;;
    esac
else
    fail "drover --version from alice's shell: $out"
fi

wizard_ms=0
if [ -n "$entry" ]; then
    # the desktop starts Exec= without its field codes (%f, %U...), as the user's menu click would
    exec_cmd="$(sed -n 's/^Exec=//p' "$rootfs/$entry" | head -1 | sed 's/ *%[a-zA-Z]//g')"
    echo "    the menu entry runs: $exec_cmd"
    t0=$(now_ms)
    set +e
    as_alice "timeout 300 xvfb-run -a -s '-screen 0 1600x1000x24' $exec_cmd --smoke-migrate --save-plan /home/alice/shop.yaml" \
        >"$rootfs/tmp/wizard.out" 2>"$rootfs/tmp/wizard.err"
    code=$?
    set -e
    wizard_ms=$(( $(now_ms) - t0 ))
    if [ "$code" -eq 0 ] && grep -q '^DROVER-SAMPLE-MIGRATED$' "$rootfs/tmp/wizard.out"; then
        ok "the wizard from the menu entry: $(grep '^sample shop' "$rootfs/tmp/wizard.out" || echo migrated) in $(secs $wizard_ms) (Xvfb and PostgreSQL's first start included)"
    else
        fail "the wizard from the menu entry (exit $code): $(cat "$rootfs/tmp/wizard.out" "$rootfs/tmp/wizard.err" | tail -n 20)"
    fi
    if [ -s "$rootfs/home/alice/shop.yaml" ]; then
        # by name, not by the port of the day, so that drover run can start it after the wizard has closed
        if grep -Eq '^  url: "?embedded"?$' "$rootfs/home/alice/shop.yaml"; then ok "the wizard saved ~/shop.yaml, target url: embedded"
        else fail "the saved plan's target is not 'embedded': $(grep -A2 '^target:' "$rootfs/home/alice/shop.yaml")"; fi
    else fail "the wizard saved no plan at ~/shop.yaml (--save-plan)"; fi
fi

run_ms=0
if [ -s "$rootfs/home/alice/shop.yaml" ]; then
    t0=$(now_ms)
    set +e
    as_alice 'cd && drover run shop.yaml --no-progress --summary shop-summary.json' >"$rootfs/tmp/run.out" 2>&1
    code=$?
    set -e
    run_ms=$(( $(now_ms) - t0 ))
    tables=$(grep -o '"table"' "$rootfs/home/alice/shop-summary.json" 2>/dev/null | wc -l || true)
    # exit 3: the sample plants a few rows PostgreSQL refuses, which go to the reject files
    if { [ "$code" -eq 0 ] || [ "$code" -eq 3 ]; } && [ "$tables" -eq 4 ]; then
        ok "drover run ~/shop.yaml from her shell (the wizard closed): exit $code, 4 tables, $(grep -o '"loaded" *: *[0-9]*' "$rootfs/home/alice/shop-summary.json" | head -1 | grep -o '[0-9]*$') rows in the totals, in $(secs $run_ms)"
        grep -q 'drover: target: the embedded PostgreSQL at postgresql://postgres@localhost:' "$rootfs/tmp/run.out" \
            && ok "it started the embedded PostgreSQL itself: $(grep -o 'postgresql://[^ ]*' "$rootfs/tmp/run.out" | head -1)" \
            || fail "drover run did not say it used the embedded PostgreSQL: $(head -3 "$rootfs/tmp/run.out")"
        [ -e "$rootfs/home/alice/.drover/embedded-postgres/data/postmaster.pid" ] \
            && fail "the embedded PostgreSQL still runs after drover run ended" || ok "and stopped it when it ended"
    else
        fail "drover run ~/shop.yaml (exit $code, $tables tables in the summary): $(tail -15 "$rootfs/tmp/run.out")"
    fi
else
    fail "drover run ~/shop.yaml: not tried, there is no plan"
fi

echo "==> apt-get purge -y drover"
# alice's files before: all must still be there, unchanged, after the purge
drover_dir="$rootfs/home/alice/.drover"
listing() { (cd "$drover_dir" && find . -printf '%p %s %T@\n' | sort); }
before="$( [ -d "$drover_dir" ] && listing || true)"
if in_root apt-get purge -y -qq drover >"$here/target/new-user-purge.log" 2>&1; then ok "purged"
else fail "apt-get purge drover: $(tail -10 "$here/target/new-user-purge.log")"; fi
[ -e "$rootfs/opt/drover" ] && fail "/opt/drover is still there: $(find "$rootfs/opt/drover" | head -5)" || ok "/opt/drover gone"
[ -e "$rootfs/usr/bin/drover" ] || [ -L "$rootfs/usr/bin/drover" ] && fail "/usr/bin/drover is still there" || ok "/usr/bin/drover gone"
ls "$rootfs"/usr/share/applications/*drover*.desktop >/dev/null 2>&1 && fail "a menu entry is left: $(ls "$rootfs"/usr/share/applications/*drover*)" \
    || ok "menu entry gone"
if [ -z "$before" ]; then fail "alice had no ~/.drover to keep"
elif [ "$(listing)" = "$before" ]; then ok "alice's ~/.drover untouched ($(du -sh "$drover_dir" | cut -f1), $(wc -l <<<"$before") entries)"
else fail "alice's ~/.drover changed: $(diff <(echo "$before") <(listing) | head -5)"; fi

if [ "$want_rpm" = 1 ] && [ -n "$rpm_file" ]; then
    echo "==> the .rpm's scriptlets: rpm -i --nodeps $(basename "$rpm_file") (Debian has no gtk3 rpm: dependencies not checked)"
    cp "$rpm_file" "$rootfs/root/"
    r="/root/$(basename "$rpm_file")"
    t0=$(now_ms)
    if in_root apt-get install -y -qq --no-install-recommends rpm >/dev/null 2>&1; then ok "rpm installed in $(secs $(( $(now_ms) - t0 )))"
    else fail "apt-get install rpm failed"; fi
    if in_root rpm -i --nodeps "$r" >"$rootfs/tmp/rpm.out" 2>&1; then ok "rpm -i --nodeps"
    else fail "rpm -i: $(cat "$rootfs/tmp/rpm.out")"; fi
    out="$(as_alice '/opt/drover/bin/drover --version' 2>&1)" && ok "/opt/drover/bin/drover --version: $out" || fail "/opt/drover/bin/drover --version: $out"
    [ "$(readlink "$rootfs/usr/bin/drover")" = /opt/drover/bin/drover ] && ok "%post linked /usr/bin/drover" || fail "%post did not link /usr/bin/drover"
    if in_root rpm -e drover >"$rootfs/tmp/rpm.out" 2>&1; then ok "rpm -e"; else fail "rpm -e: $(cat "$rootfs/tmp/rpm.out")"; fi
    [ -e "$rootfs/opt/drover" ] && fail "/opt/drover left after rpm -e: $(find "$rootfs/opt/drover" | head -5)" || ok "/opt/drover gone"
    [ -e "$rootfs/usr/bin/drover" ] || [ -L "$rootfs/usr/bin/drover" ] && fail "/usr/bin/drover left after rpm -e" || ok "/usr/bin/drover gone"
    ls "$rootfs"/usr/share/applications/*drover*.desktop >/dev/null 2>&1 && fail "a menu entry left after rpm -e" || ok "menu entry gone"
fi

echo "==> summary"
echo "    debootstrap $(secs "$debootstrap_ms"), apt install $(secs "${apt_ms:-0}"), drover --version $(secs "${version_ms:-0}"), wizard's migration $(secs $wizard_ms), drover run $(secs $run_ms)"
echo "    new-user test took $(secs $(( $(now_ms) - total_start )))"
if [ "$failures" -gt 0 ]; then
    echo "new-user-test.sh: $failures check(s) failed" >&2
    exit 1
fi
echo "DROVER NEW USER OK"
