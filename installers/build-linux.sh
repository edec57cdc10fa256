#!/usr/bin/env bash
# Builds Drover's Linux artefacts: a trimmed Java runtime with JavaFX linked in (jlink), the app-image with two
# launchers, Drover (the wizard) and drover (the command line) (jpackage), the .deb and, where rpmbuild is installed,
# the .rpm. Run from anywhere; the results go to installers/target/dist.
#
#   installers/build-linux.sh                 build the jars (mvn -Pinstallers), then app-image + deb (+ rpm)
#   installers/build-linux.sh --no-maven      reuse app/target/installer-input from an earlier run
#   installers/build-linux.sh --types app-image,deb
#   MVN_FLAGS="-q -o" installers/build-linux.sh   Maven flags (default: -q -B -ntp)
#
# Needs JDK 17 (jdeps, jlink, jpackage) and Maven; for the .deb fakeroot and dpkg-deb, installed here with apt-get when
# missing; for the .rpm rpmbuild (Debian package rpm), which this script does not install: no rpmbuild, no .rpm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target"
types="app-image,deb,rpm"
maven=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-maven) maven=0 ;;
        --types) types="$2"; shift ;;
        --types=*) types="${1#--types=}" ;;
        -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "build-linux.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
wants() { [[ ",$types," == *",$1,"* ]]; }

# What the wizard's runtime needs beyond what jdeps finds (gui-guide §7.2): TLS with EC cipher suites, the non-core
# encodings a CSV may come in (Shift_JIS, Big5, IBM code pages), locale data beyond English, java.logging for JUL, and
# jdk.security.auth, which the embedded PostgreSQL (zonky) loads by reflection to learn whether it runs as root: without
# it, run as root (a container), initdb refuses to start instead of being run in a user namespace.
extra_modules="jdk.crypto.ec,jdk.charsets,jdk.localedata,java.logging,jdk.security.auth"
# The .deb's Depends are written in linux/control (jpackage's template with its own list): jpackage's computed list names
# the build machine's package of every library the runtime links (libgtk-3-0, libasound2, libjpeg62-turbo...), which
# Debian 13 and Ubuntu 24.04 renamed (the 64-bit time_t transition: libgtk-3-0t64...) or never had.
deb_depends="$(sed -n 's/^Depends: //p' "$here/linux/control")"
rpm_gtk="gtk3"

step_start=0
step() { step_start=$(date +%s%N); echo "==> $*"; }
took() { local ms=$(( ($(date +%s%N) - step_start) / 1000000 )); printf '    %d.%d s\n' $((ms / 1000)) $((ms % 1000 / 100)); }

need_jdk_tool() {
    command -v "$1" >/dev/null 2>&1 || { echo "build-linux.sh: $1 not found: a full JDK 17 is needed (Debian: openjdk-17-jdk)" >&2; exit 1; }
}
for t in jdeps jlink jpackage java; do need_jdk_tool "$t"; done

apt_install() {
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    echo "    installing $*"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v unzip >/dev/null 2>&1 || apt_install unzip

# ------------------------------------------------------------------------------------------------ the jars
input="$root/app/target/installer-input"
if [ "$maven" = 1 ]; then
    step "mvn -Pinstallers package (app, engine and the app's runtime class path)"
    # shellcheck disable=SC2086
    # the profile copies the class path into this folder without emptying it: jars of an older build would ship too
    rm -rf "$root/app/target/installer-input"
    (cd "$root" && mvn ${MVN_FLAGS:--q -B -ntp} -Pinstallers -DskipTests -pl app -am package)
    took
fi
app_jar="$(ls "$root"/app/target/drover-app-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)"
[ -n "$app_jar" ] && [ -d "$input" ] || { echo "build-linux.sh: no app jar or $input: run without --no-maven" >&2; exit 1; }
full_version="$(unzip -p "$input"/drover-engine-*.jar dev/drover/engine/version.properties | sed -n 's/^version=//p' | tr -d '\r')"
# Package managers and jpackage want a plain number; 0.1.0-SNAPSHOT packages as 0.1.0 (drover --version says all).
pkg_version="${full_version%%-*}"
echo "    version $full_version (package version $pkg_version)"

work="$out/work"
rm -rf "$work" "$out/dist"
mkdir -p "$work/fxmods" "$work/lib" "$out/dist"
# JavaFX: only the jars with the OS classifier are the real modules; the ones without are empty (MJLINK-65).
cp "$input"/javafx-*-linux.jar "$work/fxmods/"
for jar in "$input"/*.jar; do
    case "$(basename "$jar")" in
        javafx-*) ;;  # linked into the runtime instead
        *) cp "$jar" "$work/lib/" ;;
    esac
done
cp "$app_jar" "$work/lib/"
main_jar="$(basename "$app_jar")"

# ------------------------------------------------------------------------------------------------ the runtime
step "jdeps: the Java modules the class path uses"
found="$(jdeps -q --print-module-deps --ignore-missing-deps --multi-release 17 \
        --module-path "$work/fxmods" --class-path "$work/lib/*" "$work"/lib/*.jar)"
modules="$found,$extra_modules"
echo "    jdeps: $found"
echo "    linked: $modules"
took

step "jlink: trimmed runtime with JavaFX"
# No --compress: the .deb's xz packs the plain runtime to 28 MB where the zip-compressed one stays 45 MB, and
# classes load faster from an uncompressed image.
jlink --module-path "$work/fxmods" --add-modules "$modules" \
      --strip-debug --no-header-files --no-man-pages --output "$work/runtime"
# JavaFX looks for its native libraries next to the runtime first (lib/); found there, it does not unpack them from
# the module into ~/.openjfx/cache on each user's first start.
for jar in "$work"/fxmods/*.jar; do
    unzip -q -o -j "$jar" '*.so' -d "$work/runtime/lib" 2>/dev/null || true
done
echo "    $(du -sh "$work/runtime" | cut -f1) runtime"
took

# ------------------------------------------------------------------------------------------------ jpackage
common=(--name Drover --app-version "$pkg_version" --vendor "Drover"
        --description "Moves data into PostgreSQL, fast, with nothing lost")
icon="$root/app/src/main/resources/dev/drover/app/drover.png"

# The packages are built from the same inputs as the app-image (jpackage 17 refuses --add-launcher with --app-image).
app=(--input "$work/lib" --main-jar "$main_jar" --main-class dev.drover.app.Launcher
     --runtime-image "$work/runtime" --icon "$icon" --add-launcher drover="$here/drover-cli.properties")

step "jpackage app-image: bin/Drover (wizard) and bin/drover (command line)"
jpackage --type app-image "${common[@]}" "${app[@]}" --dest "$out/dist"
image="$out/dist/Drover"
echo "    $(du -sh "$image" | cut -f1) $image"
took

linux_common=("${common[@]}" "${app[@]}" --dest "$out/dist"
              --linux-package-name drover --install-dir /opt
              --linux-shortcut --linux-menu-group "Development;Database;")

if wants deb; then
    missing=()
    command -v fakeroot >/dev/null 2>&1 || missing+=(fakeroot)
    command -v dpkg-deb >/dev/null 2>&1 || missing+=(dpkg-dev)
    [ ${#missing[@]} -gt 0 ] && apt_install "${missing[@]}"
    step "jpackage deb"
    # xz level 1 instead of dpkg-deb's 6: 4 MB larger and 70 s faster on 2 cores (the jars do not compress anyway).
    export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-xz}" DPKG_DEB_COMPRESSOR_LEVEL="${DPKG_DEB_COMPRESSOR_LEVEL:-1}"
    jpackage --type deb "${linux_common[@]}" \
             --linux-app-category database \
             --linux-deb-maintainer "drover@localhost" \
             --resource-dir "$here/linux"
    deb="$(ls "$out"/dist/drover_*.deb)"
    declared="$(dpkg-deb -f "$deb" Depends)"
    [ "$declared" = "$deb_depends" ] || { echo "build-linux.sh: the .deb declares '$declared', not linux/control's '$deb_depends'" >&2; exit 1; }
    echo "    $(du -h "$deb" | cut -f1) $deb"
    took
fi

# The .rpm declares gtk3; its scriptlets are linux/drover.spec's (as the .deb's are linux/postinst and prerm): only the
# wizard in the menu, no failure without a desktop, /usr/bin/drover.
if wants rpm; then
    if command -v rpmbuild >/dev/null 2>&1; then
        step "jpackage rpm"
        jpackage --type rpm "${linux_common[@]}" --linux-package-deps "$rpm_gtk" --resource-dir "$here/linux"
        rpm_file="$(ls "$out"/dist/drover-*.rpm)"
        echo "    $(du -h "$rpm_file" | cut -f1) $rpm_file"
        took
    else
        echo "==> rpm skipped: rpmbuild is not installed (Debian: apt-get install rpm)"
    fi
fi

echo "==> done: $(ls "$out/dist" | tr '\n' ' ')"
