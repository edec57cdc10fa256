# Shared by the benchmark scripts: build Drover, start the embedded PostgreSQL 17, stop it on exit.
# Expects ROOT and WORK to be set and a log function; sets DROVER_JAR, TESTKIT_CP, URL, PORT and q().
# BENCH_PG_SETTINGS="name=value ..." adds server settings (e.g. logging_collector=on for profiling).
# BENCH_SKIP_BUILD=1 uses the jar and test kit already built (e.g. by mvn -o install -DskipTests).

bench_build() {
  DROVER_JAR="$ROOT/engine/target/drover.jar"
  if [[ "${BENCH_SKIP_BUILD:-}" == 1 && -s "$DROVER_JAR" && -d "$ROOT/testkit/target/classes" ]]; then
    log "using the jar already built ($DROVER_JAR)"
  else
    log "building Drover (mvn -q -DskipTests package)"
    if ! mvn -q -DskipTests package >"$WORK/build.log" 2>&1; then
      log "full build failed (see bench/work/build.log); building the test kit alone"
      mvn -q -DskipTests -pl testkit package >>"$WORK/build.log" 2>&1
    fi
  fi
  mvn -q -pl testkit dependency:build-classpath -Dmdep.outputFile="$WORK/testkit.classpath" >>"$WORK/build.log" 2>&1
  TESTKIT_CP="$ROOT/testkit/target/classes:$(cat "$WORK/testkit.classpath")"
}

bench_start_postgres() {
  PG_PID=""
cleanup() {
    local rc=$?
    if [[ -n "$PG_PID" ]]; then
      log "stopping PostgreSQL"
      exec 9>&- 2>/dev/null || true          # end of stdin: the server stops itself
      for _ in $(seq 1 30); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 1; done
      if kill -0 "$PG_PID" 2>/dev/null; then kill -TERM "$PG_PID" 2>/dev/null || true; wait "$PG_PID" 2>/dev/null || true; fi
      PG_PID=""
    fi
    rm -f "$WORK/pg.stdin"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -f "$WORK/pg.stdin"; mkfifo "$WORK/pg.stdin"
log "starting PostgreSQL 17 (testkit StandalonePostgres)"
# shellcheck disable=SC2086
java -cp "$TESTKIT_CP" dev.drover.testkit.StandalonePostgres ${BENCH_PG_SETTINGS:-} <"$WORK/pg.stdin" >"$WORK/pg.out" 2>"$WORK/pg.err" &
PG_PID=$!
exec 9>"$WORK/pg.stdin"                      # hold its stdin open for as long as we run
URL="$(bench_wait_ready PostgreSQL "$PG_PID" "$WORK/pg.out" "$WORK/pg.err" 180)" || exit 1
log "server: $URL"
PORT="$(sed -E 's#.*:([0-9]+)/.*#\1#' <<<"$URL")"
q() { psql "$URL" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
}

# bench_wait_ready NAME PID OUT ERR SECONDS: prints the URL of the server's "READY url" line, or fails
# with its standard error when it dies or does not get ready in time.
bench_wait_ready() {
  local name="$1" pid="$2" out="$3" err="$4" url=""
  for _ in $(seq 1 "$5"); do
    url="$(sed -n 's/^READY //p' "$out" | head -1)"
    [[ -n "$url" ]] && { echo "$url"; return 0; }
    kill -0 "$pid" 2>/dev/null || { cat "$err" >&2; echo "$name did not start" >&2; return 1; }
    sleep 1
  done
  echo "$name did not report READY in $5 s" >&2
  return 1
}
