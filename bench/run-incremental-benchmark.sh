#!/usr/bin/env bash
# SQLite → PostgreSQL 17 through an incremental plan: what the first load, a nightly re-run and a no-op
# re-run cost, against Drover's plain migration of the same table and the psql \copy floor.
#
#   bench/run-incremental-benchmark.sh [--rows N] [--runs R] [--percent P] [--out FILE] [--append-to FILE] [--skip-build]
#
# Writes one SQLite table `orders` of N rows (default 1,000,000) with bench/GenerateOrders.java (integer
# primary key, updated_at, an index on (updated_at, id)), then R times (default 3), each into a fresh database:
#   a  drover load sqlite://… postgresql://…             plain migration (baseline)
#   b  drover run plan.yaml, cursor [updated_at, id]     first incremental run: creates the table, loads all
#   c  the same plan after P % of the rows changed (new updated_at) and P % new rows were added (default 1)
#   d  the same plan again, nothing changed              the cost of a no-op nightly run
#   e  psql \copy of the same rows from CSV, then the primary key and index: the floor for a and b
# Medians of wall time and peak RSS (/usr/bin/time). Prints a Markdown section to stdout and writes it to
# --out FILE (default bench/work/incremental.md). --append-to FILE replaces only the section between
# <!-- incremental:start --> and <!-- incremental:end --> in FILE, adding it at the end if absent.
# --skip-build uses the jar already built (mvn -q -o install -DskipTests).
set -euo pipefail

ROWS=1000000
RUNS=3
PERCENT=1
OUT=""
APPEND_TO=""
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --percent) PERCENT="$2"; shift 2 ;;
    --out) OUT="$(realpath -m "$2")"; shift 2 ;;
    --append-to) APPEND_TO="$(realpath -m "$2")"; shift 2 ;;
    --skip-build) export BENCH_SKIP_BUILD=1; shift ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$ROOT"
WORK="$ROOT/bench/work"
mkdir -p "$WORK"
[[ -n "$OUT" ]] || OUT="$WORK/incremental.md"
export PGOPTIONS="-c client_min_messages=warning"
log() { printf '[incr-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

need=()
command -v psql >/dev/null || need+=(postgresql-client)
[[ -x /usr/bin/time ]] || need+=(time)
command -v jq >/dev/null || need+=(jq)
if [[ ${#need[@]} -gt 0 ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  log "installing ${need[*]}"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_build
bench_start_postgres
BASE_URL="${URL%/*}"
TARGET="$BASE_URL/dbbench"

DB="$WORK/orders-$ROWS.db"          # pristine source, kept between invocations
LIVE="$WORK/orders-live.db"         # the copy the incremental runs read and (c) changes
[[ -s "$DB" ]] || { log "generating $DB"; java -cp "$DROVER_JAR" bench/GenerateOrders.java create "$ROWS" "$DB"; }
SIZE="$(du -m "$DB" | cut -f1) MB"
EVERY=$(awk -v p="$PERCENT" 'BEGIN { e = int(100 / p + 0.5); print (e < 1 ? 1 : e) }')
CHANGED=$(( ROWS / EVERY )); ADDED=$(awk -v n="$ROWS" -v p="$PERCENT" 'BEGIN { printf "%.0f", n * p / 100 }')

cat >"$WORK/incremental.yaml" <<PLAN
version: 1
target: {url: "$TARGET"}
database:
  source: sqlite://$LIVE
  incremental:
    orders: {cursor: [updated_at, id]}
PLAN

fresh_db() { q "DROP DATABASE IF EXISTS dbbench" >/dev/null; q "CREATE DATABASE dbbench" >/dev/null; q "CHECKPOINT" >/dev/null; }
count() { psql "$TARGET" -X -q -At -c "SELECT count(*) FROM orders" 2>/dev/null || echo -; }

# The floor: the same rows as a CSV file (exported once, untimed, from a migration by Drover), loaded with
# psql \copy into the same column types, then the same primary key and index and ANALYZE.
log "preparing the psql \\copy floor (CSV export of the source rows)"
fresh_db
java -jar "$DROVER_JAR" load "sqlite://$DB" "$TARGET" -q --root-dir "$WORK/incr-rejects" >"$WORK/incr-floor-prep.log" 2>&1
cols=$(psql "$TARGET" -X -q -At -c "SELECT string_agg(format('%I %s%s', attname, format_type(atttypid, atttypmod),
  CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END), ', ' ORDER BY attnum) FROM pg_attribute
  WHERE attrelid = 'public.orders'::regclass AND attnum > 0 AND NOT attisdropped")
psql "$TARGET" -X -q -c "\\copy orders TO '$WORK/incr-floor.csv' (FORMAT csv)" >/dev/null
{
  echo "CREATE TABLE orders ($cols);"
  echo "\\copy orders FROM '$WORK/incr-floor.csv' (FORMAT csv)"
  echo "ALTER TABLE orders ADD PRIMARY KEY (id);"
  echo "CREATE INDEX ON orders (updated_at, id);"
  echo "ANALYZE orders;"
} >"$WORK/incr-floor.sql"

# measure CASE RUN EXPECTED_COUNT CMD...: one timed run; appends "case run status exit wall rss read inserted updated count".
results=()
measure() {
  local c="$1" r="$2" expect="$3"; shift 3
  local summary="$WORK/incr-$c-$r.json"
  rm -f "$summary"
  [[ "$1" == java ]] && set -- "$@" --summary "$summary"
  log "run $c $r"
  set +e
  /usr/bin/time -f '%e %M' -o "$WORK/incr.time" "$@" >"$WORK/incr-$c-$r.log" 2>&1
  local rc=$?
  set -e
  local wall rss n rd=- ins=- upd=- ok=ok
  read -r wall rss < <(tail -1 "$WORK/incr.time")
  n=$(count)
  if [[ -s "$summary" ]]; then
    read -r rd ins upd < <(jq -r '.tables[] | select(.table | test("orders")) | "\(.read) \(.changes.inserted // "-") \(.changes.updated // "-")"' "$summary" | head -1)
  fi
  [[ "$rc" == 0 && "$n" == "$expect" ]] || ok="wrong:exit=$rc,count=$n"
  log "  -> $ok, ${wall}s, ${rss} KB, read $rd, inserted $ins, updated $upd, rows in target $n"
  results+=("$c $r $ok $rc $wall $rss $rd $ins $upd $n")
}

drover=(java -jar "$DROVER_JAR")
for r in $(seq 1 "$RUNS"); do
  fresh_db; measure e "$r" "$ROWS" psql "$TARGET" -X -q -v ON_ERROR_STOP=1 -f "$WORK/incr-floor.sql"
  fresh_db; measure a "$r" "$ROWS" "${drover[@]}" load "sqlite://$DB" "$TARGET" -q --root-dir "$WORK/incr-rejects"
  fresh_db; cp "$DB" "$LIVE"
  measure b "$r" "$ROWS" "${drover[@]}" run "$WORK/incremental.yaml" -q --root-dir "$WORK/incr-rejects"
  log "changing $PERCENT % of the rows and adding $PERCENT % (untimed)"
  java -cp "$DROVER_JAR" bench/GenerateOrders.java change "$LIVE" "$PERCENT" 2>>"$WORK/incr-change.log"
  measure c "$r" "$(( ROWS + ADDED ))" "${drover[@]}" run "$WORK/incremental.yaml" -q --root-dir "$WORK/incr-rejects"
  measure d "$r" "$(( ROWS + ADDED ))" "${drover[@]}" run "$WORK/incremental.yaml" -q --root-dir "$WORK/incr-rejects"
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
med() { printf '%s\n' "${results[@]}" | awk -v t="$1" -v c="$2" '$1==t && $3=="ok" && $c != "-" {print $c}' | median; }
div() { awk -v x="$1" -v y="$2" -v f="${3:-%.2f}" 'BEGIN { if (x == "-" || y == "-" || y == 0) print "-"; else printf f, x / y }'; }
ea=$(med e 5); aa=$(med a 5); ba=$(med b 5)
label() {
  case "$1" in
    e) echo "e. \`psql \\copy\` from CSV + key + index (floor)" ;;
    a) echo "a. plain migration (\`drover load\`)" ;;
    b) echo "b. incremental plan, first run" ;;
    c) echo "c. re-run after $PERCENT % changed + $PERCENT % new" ;;
    d) echo "d. re-run, nothing changed" ;;
  esac
}
{
  echo "<!-- incremental:start -->"
  echo "## Incremental plans: SQLite → PostgreSQL (\`bench/run-incremental-benchmark.sh --rows $ROWS --runs $RUNS$( [[ $PERCENT != 1 ]] && echo " --percent $PERCENT")\`)"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GB RAM;"
  echo "PostgreSQL 17 embedded on the same machine; medians of $RUNS run(s), each into a fresh database."
  echo "Load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "(above 0 means other work shared the $(nproc) cores: the numbers are that much noisier)."
  echo "Source: \`java -cp engine/target/drover.jar bench/GenerateOrders.java create $ROWS …\` ($SIZE): one table"
  echo "\`orders (id INTEGER PRIMARY KEY, customer, amount NUMERIC(12,2), status, created_at, updated_at, note)\`"
  echo "with an index on \`(updated_at, id)\`. The plan: \`database: {source: sqlite://…, incremental: {orders: {cursor: [updated_at, id]}}}\`,"
  echo "default options (upsert by primary key, \`batch_rows\` 25000: one transaction per page)."
  echo "(c) first runs \`GenerateOrders.java change … $PERCENT\` (untimed): every ${EVERY}th row gets a new amount, status and"
  echo "\`updated_at\` ($CHANGED rows), and $ADDED new rows are added. (e) loads the same rows, exported beforehand to CSV,"
  echo "with \`psql \\copy\`, then adds the same primary key and index and runs ANALYZE."
  echo "A run counts only when it exits 0 and the target holds the expected rows."
  echo
  echo "| case | good runs | wall s (median) | rows read | inserted | updated | rows/s | peak RSS MB | wall ÷ (a) | wall ÷ (e) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for c in e a b c d; do
    w=$(med $c 5); rss=$(med $c 6); rd=$(med $c 7); ins=$(med $c 8); upd=$(med $c 9)
    [[ $c == e ]] && rd=$ROWS
    [[ $c == a && $rd == - ]] && rd=$ROWS
    good=$(printf '%s\n' "${results[@]}" | awk -v t="$c" '$1==t && $3=="ok"' | wc -l)
    printf '| %s | %s/%s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(label $c)" "$good" "$RUNS" "$w" "$rd" "$ins" "$upd" \
      "$( [[ $rd == 0 ]] && echo - || div "$rd" "$w" %.0f)" "$(div "$rss" 1024 %.0f)" "$(div "$w" "$aa")" "$(div "$w" "$ea")"
  done
  echo
  echo "First incremental run against the plain migration: **b ÷ a = $(div "$ba" "$aa")×** the wall time;"
  echo "against the floor: **b ÷ e = $(div "$ba" "$ea")×** (a ÷ e = $(div "$aa" "$ea")×)."
  echo
  echo "Every run:"
  echo
  printf '%s\n' "${results[@]}" | awk '{printf "- %s run %s: %s, exit %s, %s s, %d MB, read %s, inserted %s, updated %s, rows in target %s\n", $1, $2, $3, $4, $5, $6/1024, $7, $8, $9, $10}'
  echo "<!-- incremental:end -->"
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
log "written to $OUT"

if [[ -n "$APPEND_TO" ]]; then
  touch "$APPEND_TO"
  if grep -q '^<!-- incremental:start -->' "$APPEND_TO"; then
    awk -v sect="$OUT" '
      /^<!-- incremental:start -->/ { while ((getline line < sect) > 0) print line; skip = 1; next }
      /^<!-- incremental:end -->/ { skip = 0; next }
      !skip { print }' "$APPEND_TO" >"$APPEND_TO.tmp"
  else
    { cat "$APPEND_TO"; echo; cat "$OUT"; } >"$APPEND_TO.tmp"
  fi
  mv "$APPEND_TO.tmp" "$APPEND_TO"
  log "section replaced in $APPEND_TO"
fi
