# Helpers shared by the installer test scripts (smoke-test.sh, new-user-test.sh); sourced, not run.
# The caller sets failures=0: fail counts there, and the script's verdict at the end reads it.

ok() { echo "    ok: $*"; }
fail() { echo "    FAILED: $*" >&2; failures=$((failures + 1)); }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { printf '%d.%02d s' $(($1 / 1000)) $(($1 % 1000 / 10)); }

# On the machine running the script (not in a chroot); sudo only when not root.
apt_install() {
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    echo "    installing $*"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
