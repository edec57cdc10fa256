# Shared by the benchmark scripts: build Drover, start the embedded PostgreSQL 17, stop it on exit.
# Expects ROOT and WORK to be set and a log function; sets DROVER_JAR, TESTKIT_CP, URL, PORT and q().

bench_build() {
  log "building Drover (mvn -q -DskipTests package)"
  DROVER_JAR="$ROOT/engine/target/drover.jar"
  if ! mvn -q -DskipTests package >"$WORK/build.log" 2>&1; then
    log "full build failed (see bench/work/build.log); building the test kit alone"
    mvn -q -DskipTests -pl testkit package >>"$WORK/build.log" 2>&1
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
java -cp "$TESTKIT_CP" dev.drover.testkit.StandalonePostgres <"$WORK/pg.stdin" >"$WORK/pg.out" 2>"$WORK/pg.err" &
PG_PID=$!
exec 9>"$WORK/pg.stdin"                      # hold its stdin open for as long as we run
URL=""
for _ in $(seq 1 180); do
  URL="$(sed -n 's/^READY //p' "$WORK/pg.out" | head -1)"
  [[ -n "$URL" ]] && break
  kill -0 "$PG_PID" 2>/dev/null || { cat "$WORK/pg.err" >&2; echo "PostgreSQL did not start" >&2; exit 1; }
  sleep 1
done
[[ -n "$URL" ]] || { echo "PostgreSQL did not report READY in 180 s" >&2; exit 1; }
log "server: $URL"
PORT="$(sed -E 's#.*:([0-9]+)/.*#\1#' <<<"$URL")"
q() { psql "$URL" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
}
