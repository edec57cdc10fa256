#!/usr/bin/env bash
# SQLite or MySQL/MariaDB → PostgreSQL 17: Drover against pgloader, same machine, same source.
#
#   bench/run-db-benchmark.sh [--source sqlite|mysql] [--rows N] [--runs R] [--out FILE] [--drover-args "ARGS"]
#
# Builds Drover, starts the embedded PostgreSQL 17 (and for mysql the test kit's MariaDB 11.4),
# writes the source with bench/GenerateDb.java (accounts and events, a foreign key and an index),
# then migrates it R times with each tool into a fresh database: schema, data, indexes, keys,
# foreign keys. A run counts only when both tables hold every row. Writes a Markdown section (or
# --out FILE) to stdout. --drover-args adds options to Drover's command line (e.g. "--concurrency 2").
# Both tools talk to MySQL without TLS (pgloader has no TLS to MySQL by default; Drover's default is
# PREFERRED, so its URL says sslmode=disabled), so neither pays for encryption on loopback.
set -euo pipefail

ROWS=1000000
RUNS=3
SOURCE=sqlite
OUT=""
DROVER_ARGS=""
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --source) SOURCE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --out) OUT="$(realpath -m "$2")"; shift 2 ;;
    --drover-args) DROVER_ARGS="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$ROOT"
WORK="$ROOT/bench/work"
mkdir -p "$WORK"
export PGOPTIONS="-c client_min_messages=warning"
log() { printf '[db-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

need=()
command -v psql >/dev/null || need+=(postgresql-client)
[[ -x /usr/bin/time ]] || need+=(time)
command -v pgloader >/dev/null || need+=(pgloader)
if [[ ${#need[@]} -gt 0 ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  log "installing ${need[*]}"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_build
bench_start_postgres

case "$SOURCE" in
  sqlite)
    DB="$WORK/bench-$ROWS.db"
    [[ -s "$DB" ]] || { log "generating $DB"; java -cp "$DROVER_JAR" bench/GenerateDb.java "$ROWS" "$DB"; }
    SRC="sqlite://$DB"; SIZE="$(du -m "$DB" | cut -f1) MB" ;;
  mysql)
    rm -f "$WORK/my.stdin"; mkfifo "$WORK/my.stdin"
    log "starting MariaDB (testkit StandaloneMariaDb)"
    java -cp "$TESTKIT_CP" dev.drover.testkit.StandaloneMariaDb <"$WORK/my.stdin" >"$WORK/my.out" 2>"$WORK/my.err" &
    MY_PID=$!
    exec 8>"$WORK/my.stdin"
    stop_mariadb() { exec 8>&- 2>/dev/null || true; for _ in $(seq 1 30); do kill -0 "$MY_PID" 2>/dev/null || break; sleep 1; done; rm -f "$WORK/my.stdin"; }
    trap 'stop_mariadb; cleanup' EXIT
    SRC="$(bench_wait_ready MariaDB "$MY_PID" "$WORK/my.out" "$WORK/my.err" 300)" || exit 1
    userpass="${SRC#mysql://}"; userpass="${userpass%%@*}"; hostdb="${SRC#*@}"
    log "generating $ROWS rows in MariaDB"
    java -cp "$DROVER_JAR" bench/GenerateDb.java "$ROWS" "jdbc:mysql://$hostdb?user=${userpass%%:*}&password=${userpass#*:}"
    SIZE="MariaDB 11.4" ;;
  *) echo "--source must be sqlite or mysql" >&2; exit 2 ;;
esac
ACCOUNTS=$(( ROWS / 4 > 0 ? ROWS / 4 : 1 )); EVENTS=$(( ROWS - ACCOUNTS ))
BASE_URL="${URL%/*}"

# The server's own share, as a floor: the same rows as CSV files (exported once, untimed, from a load by
# Drover), loaded with psql \copy into the same column types, then the same keys, index and foreign key.
log "preparing the psql \\copy floor (CSV export of the source rows)"
q "DROP DATABASE IF EXISTS dbfloor" >/dev/null; q "CREATE DATABASE dbfloor" >/dev/null
fsrc="$SRC"; [[ $SOURCE == mysql ]] && fsrc="$SRC?sslmode=disabled"
java -jar "$DROVER_JAR" load "$fsrc" "$BASE_URL/dbfloor" -q --root-dir "$WORK/db-rejects" >"$WORK/floor-prep.log" 2>&1
{
  for t in accounts events; do
    cols=$(psql "$BASE_URL/dbfloor" -X -q -At -c "SELECT string_agg(format('%I %s%s', attname, format_type(atttypid, atttypmod),
      CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END), ', ' ORDER BY attnum) FROM pg_attribute
      WHERE attrelid = 'public.$t'::regclass AND attnum > 0 AND NOT attisdropped")
    echo "CREATE TABLE $t ($cols);"
    psql "$BASE_URL/dbfloor" -X -q -c "\\copy $t TO '$WORK/floor-$t.csv' (FORMAT csv)" >/dev/null
    echo "\\copy $t FROM '$WORK/floor-$t.csv' (FORMAT csv)"
  done
  echo "ALTER TABLE accounts ADD PRIMARY KEY (id);"
  echo "ALTER TABLE events ADD PRIMARY KEY (id);"
  echo "CREATE INDEX ON events (account_id);"
  echo "ALTER TABLE events ADD FOREIGN KEY (account_id) REFERENCES accounts (id);"
  echo "ANALYZE accounts; ANALYZE events;"
} >"$WORK/floor.sql"
q "DROP DATABASE dbfloor" >/dev/null

results=()
for r in $(seq 1 "$RUNS"); do
  for tool in psql pgloader drover; do
    q "DROP DATABASE IF EXISTS dbbench" >/dev/null; q "CREATE DATABASE dbbench" >/dev/null; q "CHECKPOINT" >/dev/null
    target="$BASE_URL/dbbench"
    case $tool in
      psql) cmd=(psql "$target" -X -q -v ON_ERROR_STOP=1 -f "$WORK/floor.sql") ;;
      pgloader)
        cat >"$WORK/db.load" <<LOAD
LOAD DATABASE
     FROM $SRC
     INTO $target
 WITH include drop, create tables, create indexes, reset sequences, foreign keys
$( [[ $SOURCE == mysql ]] && echo " ALTER SCHEMA 'bench' RENAME TO 'public'" )
;
LOAD
        cmd=(pgloader "$WORK/db.load") ;;
      drover)
        dsrc="$SRC"; [[ $SOURCE == mysql ]] && dsrc="$SRC?sslmode=disabled"
        # shellcheck disable=SC2206
        cmd=(java -jar "$DROVER_JAR" load "$dsrc" "$target" -q --root-dir "$WORK/db-rejects" $DROVER_ARGS) ;;
    esac
    log "run $tool $r"
    set +e
    /usr/bin/time -f '%e %M' -o "$WORK/db-$tool.time" "${cmd[@]}" >"$WORK/db-$tool-$r.log" 2>&1
    rc=$?
    set -e
    read -r wall rss < <(tail -1 "$WORK/db-$tool.time")
    a=$(psql "$target" -X -q -At -c "SELECT count(*) FROM accounts" 2>/dev/null || echo -)
    e=$(psql "$target" -X -q -At -c "SELECT count(*) FROM events" 2>/dev/null || echo -)
    fk=$(psql "$target" -X -q -At -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated" 2>/dev/null || echo -)
    ok=ok; [[ "$a" == "$ACCOUNTS" && "$e" == "$EVENTS" ]] || ok="wrong-counts:$a,$e"
    log "  -> $ok, exit $rc, ${wall}s, ${rss} KB, validated foreign keys: $fk"
    results+=("$tool $r $ok $rc $wall $rss $fk")
  done
done

# The last column: Drover's ratio, 1 for pgloader, and for the floor how far above pgloader's speed it lies.
ratio_of() {
  case "$1" in
    drover) echo "${ratio}×" ;;
    pgloader) echo "1.00×" ;;
    *) awk -v p="$pw" -v w="$2" 'BEGIN { if (w == "-" || p == "-") print "-"; else printf "%.2f× (floor)", p / w }' ;;
  esac
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
med() { printf '%s\n' "${results[@]}" | awk -v t="$1" -v c="$2" '$1==t && $3=="ok" {print $c}' | median; }
pw=$(med pgloader 5); dw=$(med drover 5)
ratio=$(awk -v p="$pw" -v d="$dw" 'BEGIN { if (p == "-" || d == "-") print "-"; else printf "%.2f", p / d }')
{
  echo "## $( [[ $SOURCE == mysql ]] && echo 'MySQL (MariaDB 11.4)' || echo SQLite) → PostgreSQL (\`bench/run-db-benchmark.sh --source $SOURCE --rows $ROWS --runs $RUNS$( [[ -n $DROVER_ARGS ]] && echo " --drover-args \"$DROVER_ARGS\"")\`)"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(pgloader --version 2>/dev/null | head -1). Source: \`java -cp engine/target/drover.jar"
  echo "bench/GenerateDb.java $ROWS …\` ($SIZE: $ACCOUNTS accounts, $EVENTS events with a foreign key to accounts and an index)."
  echo "Both tools create the tables, copy the data, build the indexes and primary keys and create the foreign key."
  echo "The psql row is the floor of the server's own work: the same rows from CSV files (exported beforehand) with \\copy,"
  echo "then the same primary keys, index, foreign key and ANALYZE; no tool that reads the source can beat it."
  echo
  echo "| tool | good runs | wall s (median) | rows/s | peak RSS MB (median) | Drover's speed ÷ pgloader's |"
  echo "|---|---|---|---|---|---|"
  for tool in psql pgloader drover; do
    w=$(med $tool 5); rss=$(med $tool 6)
    good=$(printf '%s\n' "${results[@]}" | awk -v t="$tool" '$1==t && $3=="ok"' | wc -l)
    rps=$(awk -v w="$w" -v n="$ROWS" 'BEGIN { if (w == "-") print "-"; else printf "%.0f", n / w }')
    printf '| %s | %s/%s | %s | %s | %s | %s |\n' "$tool" "$good" "$RUNS" "$w" "$rps" \
      "$(awk -v r="$rss" 'BEGIN { if (r == "-") print "-"; else printf "%.0f", r / 1024 }')" "$(ratio_of "$tool" "$w")"
  done
  echo
  echo "Every run:"
  echo
  printf '%s\n' "${results[@]}" | awk '{printf "- %s run %s: %s, exit %s, %s s, %d MB, validated foreign keys %s\n", $1, $2, $3, $4, $5, $6/1024, $7}'
} | if [[ -n "$OUT" ]]; then tee "$OUT"; else cat; fi
