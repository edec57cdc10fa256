#!/usr/bin/env bash
# Drover vs psql \copy vs pgloader, CSV into PostgreSQL 17 on this machine.
#
#   bench/run-benchmark.sh [--rows N] [--runs R] [--skip-pgloader] [--out FILE] [--timeout SEC]
#                          [--report-only]
#
# Installs what is missing (postgresql-client, time, jq, pgloader) with apt-get, builds Drover,
# starts the embedded PostgreSQL 17 (testkit StandalonePostgres: fsync on, shared_buffers=1GB),
# generates a clean CSV and one with 1 % bad rows under bench/work/, loads each file R times with
# each tool into a fresh table, checks the row counts, and writes BENCHMARKS.md (or --out FILE)
# from the medians. A tool run that fails is recorded as failed; the script carries on. A run is
# stopped after --timeout seconds (default 3600) and recorded as timed out. --report-only rewrites
# the report from bench/work/results.tsv of the last run with the same --rows/--runs.
set -euo pipefail

ROWS=2000000
RUNS=3
SKIP_PGLOADER=0
REPORT_ONLY=0
TIMEOUT=3600
SEED=42
BAD_PERCENT=1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/BENCHMARKS.md"

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --skip-pgloader) SKIP_PGLOADER=1; shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --report-only) REPORT_ONLY=1; shift ;;
    --out) OUT="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$ROWS" =~ ^[0-9]+$ && "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--rows and --runs take positive integers" >&2; exit 2; }

cd "$ROOT"
WORK="$ROOT/bench/work"
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
export PGOPTIONS="-c client_min_messages=warning"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

CLEAN="$WORK/clean-$ROWS.csv"
BAD="$WORK/bad${BAD_PERCENT}pct-$ROWS.csv"
BAD_LIST="$WORK/bad${BAD_PERCENT}pct-$ROWS.bad-rows.txt"
TOOLS=(psql drover)
[[ $SKIP_PGLOADER -eq 0 ]] && TOOLS+=(pgloader)
ENVF="$WORK/environment.txt"

measure() {
# ---------------------------------------------------------------- tools
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
need=()
command -v psql >/dev/null || need+=(postgresql-client)
[[ -x /usr/bin/time ]] || need+=(time)
command -v jq >/dev/null || need+=(jq)
if [[ $SKIP_PGLOADER -eq 0 ]] && ! command -v pgloader >/dev/null; then need+=(pgloader); fi
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}" >/dev/null
fi

# ---------------------------------------------------------------- build and server
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
bench_build
bench_start_postgres

# ---------------------------------------------------------------- data
[[ -s "$CLEAN" ]] || { log "generating $ROWS clean rows"; java "$ROOT/bench/GenerateCsv.java" "$ROWS" "$CLEAN" --seed "$SEED"; }
[[ -s "$BAD" && -f "$BAD_LIST" ]] || { log "generating $ROWS rows, ${BAD_PERCENT} % bad"; java "$ROOT/bench/GenerateCsv.java" "$ROWS" "$BAD" --seed "$SEED" --bad-percent "$BAD_PERCENT" --bad-rows "$BAD_LIST"; }
BAD_ROWS=$(wc -l <"$BAD_LIST")

# ---------------------------------------------------------------- runs
TABLE_DDL="DROP TABLE IF EXISTS t; CREATE TABLE t (id bigint, name text, amount numeric(12,2), created timestamptz, active bool, note text);"

fresh_table() { q "$TABLE_DDL" >/dev/null; q "CHECKPOINT" >/dev/null; }

pgloader_file() { # $1 csv file, $2 .load path
  cat >"$2" <<EOF
LOAD CSV
     FROM '$1' WITH ENCODING utf-8
          HAVING FIELDS (id, name, amount, created, active, note)
     INTO postgresql://postgres@localhost:$PORT/bench?t
          TARGET COLUMNS (id, name, amount, created, active, note)
     WITH skip header = 1,
          fields terminated by ',',
          fields optionally enclosed by '"',
          fields escaped by double-quote;
EOF
}

# run_tool TOOL KIND FILE RUN -> appends one line to $RESULTS
# columns: tool kind run status exit wall_s rss_kb loaded expected rejected_reported note
run_tool() {
  local tool="$1" kind="$2" file="$3" run="$4"
  local expected=$ROWS; [[ "$kind" == bad ]] && expected=$((ROWS - BAD_ROWS))
  local tag="$tool-$kind-$run" timef="$WORK/$tool-$kind-$run.time" logf="$WORK/$tool-$kind-$run.log"
  local cmd=() rejected="-" note="" status rc loaded
  fresh_table
  case "$tool" in
    psql) cmd=(psql "$URL" -X -q -v ON_ERROR_STOP=1 -c "\\copy t FROM '$file' WITH (FORMAT csv, HEADER true)") ;;
    drover)
      rm -f "$WORK/$tag.json"
      cmd=(java -jar "$DROVER_JAR" load "$file" "$URL?public.t" --header --no-progress --summary "$WORK/$tag.json") ;;
    pgloader)
      rm -rf "$WORK/pgloader-$tag"; pgloader_file "$file" "$WORK/$tag.load"
      cmd=(pgloader --root-dir "$WORK/pgloader-$tag" "$WORK/$tag.load") ;;
  esac
  log "run $tag"
  set +e
  /usr/bin/time -f '%e %M' -o "$timef" timeout --kill-after=30 "$TIMEOUT" "${cmd[@]}" >"$logf" 2>&1
  rc=$?
  set -e
  local wall rss; read -r wall rss < <(tail -1 "$timef" 2>/dev/null || echo "- -")
  [[ "$wall" =~ ^[0-9.]+$ ]] || { wall="-"; rss="-"; }
  loaded="$(q "SELECT count(*) FROM t" 2>/dev/null || echo "-")"
  status=ok
  case "$tool" in
    psql)
      if [[ "$kind" == bad ]]; then
        # \copy stops at the first bad row and loads nothing: that is the expected outcome.
        if [[ $rc -ne 0 && "$loaded" == 0 ]]; then status=failed-as-expected; else status=unexpected; fi
        note="$(grep -m2 -E 'ERROR|CONTEXT' "$logf" | tr '\n\t' '  ' | cut -c1-160 || true)"
      else
        [[ $rc -eq 0 && "$loaded" == "$expected" ]] || status=failed
      fi ;;
    drover)
      local want_rc=0; [[ "$kind" == bad ]] && want_rc=3
      if [[ -s "$WORK/$tag.json" ]]; then
        rejected="$(jq -r 'if type=="object" and has("rejected") then .rejected
                          elif type=="object" and has("tables") then ([.tables[].rejected] | add)
                          else ([.. | objects | select(has("rejected")) | .rejected | numbers] | first) end // "-"' \
                     "$WORK/$tag.json" 2>/dev/null || echo "-")"
      fi
      local want_rej=0; [[ "$kind" == bad ]] && want_rej=$BAD_ROWS
      if [[ $rc -ne $want_rc ]]; then status=failed; note="exit $rc, expected $want_rc"
      elif [[ "$loaded" != "$expected" ]]; then status=failed; note="loaded $loaded, expected $expected"
      elif [[ "$rejected" != "$want_rej" ]]; then status=failed; note="summary says $rejected rejected, expected $want_rej"
      fi
      [[ $status == failed && -z "$note" ]] && note="exit $rc" ;;
    pgloader)
      # pgloader exits 0 even when it rejects rows; the row count is what decides. When it finishes
      # but keeps rows that should have been rejected, the time is still reported, marked as such.
      if [[ "$loaded" != "$expected" ]]; then
        if [[ $rc -eq 0 && "$loaded" =~ ^[0-9]+$ && $loaded -gt $expected ]]; then
          status=miscounted; note="kept $((loaded - expected)) rows that should have been rejected"
        else
          status=failed; note="loaded $loaded, expected $expected (exit $rc)"
        fi
      fi
      [[ $rc -ne 0 && $status == ok ]] && note="exit $rc" ;;
  esac
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then status=timeout; note="stopped after the --timeout of $TIMEOUT s"; fi
  [[ $status == failed && -z "$note" ]] && note="exit $rc"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$tool" "$kind" "$run" "$status" "$rc" "$wall" "$rss" "$loaded" "$expected" "$rejected" "$note" >>"$RESULTS"
  log "  -> $status, exit $rc, ${wall}s, ${rss} KB, $loaded rows${note:+ ($note)}"
}

{
  echo "pg=$(q 'SHOW server_version')"
  echo "pgloader=$( [[ $SKIP_PGLOADER -eq 0 ]] && pgloader --version 2>/dev/null | head -1 || echo 'not run')"
} >"$ENVF"
printf 'tool\tkind\trun\tstatus\texit\twall_s\trss_kb\tloaded\texpected\trejected\tnote\n' >"$RESULTS"
if [[ ! -f "$DROVER_JAR" ]]; then log "no $DROVER_JAR: Drover runs will be recorded as failed"; fi
for r in $(seq 1 "$RUNS"); do
  for tool in "${TOOLS[@]}"; do
    run_tool "$tool" clean "$CLEAN" "$r"
    run_tool "$tool" bad "$BAD" "$r"
  done
done
q "DROP TABLE IF EXISTS t" >/dev/null || true
}

if [[ $REPORT_ONLY -eq 0 ]]; then measure; fi
[[ -f "$RESULTS" && -f "$BAD_LIST" && -f "$ENVF" ]] || { echo "no results in $WORK to report" >&2; exit 1; }
BAD_ROWS=$(wc -l <"$BAD_LIST")

# ---------------------------------------------------------------- report
# median wall time and median peak RSS of the successful runs of each tool and file
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "-"; else if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
stat_of() { # tool kind column(6=wall,7=rss)
  awk -F'\t' -v t="$1" -v k="$2" -v c="$3" 'NR>1 && $1==t && $2==k && ($4=="ok" || $4=="miscounted") {print $c}' "$RESULTS" | median
}
count_of() { awk -F'\t' -v t="$1" -v k="$2" -v s="$3" 'NR>1 && $1==t && $2==k && $4==s' "$RESULTS" | wc -l; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

size_clean=$(stat -c %s "$CLEAN"); size_bad=$(stat -c %s "$BAD")
psql_wall="$(stat_of psql clean 6)"
declare -A WALL RSS
for tool in "${TOOLS[@]}"; do for kind in clean bad; do
  WALL[$tool.$kind]="$(stat_of "$tool" "$kind" 6)"; RSS[$tool.$kind]="$(stat_of "$tool" "$kind" 7)"
done; done

row() { # tool kind label
  local tool="$1" kind="$2" w="${WALL[$1.$2]}" r="${RSS[$1.$2]}" size=$size_clean ok
  [[ $kind == bad ]] && size=$size_bad
  ok="$(count_of "$tool" "$kind" ok)/$RUNS"
  if [[ "$w" == "-" ]]; then
    local why; why="$(awk -F'\t' -v t="$tool" -v k="$kind" 'NR>1 && $1==t && $2==k {print $4 ($11 != "" ? ": " $11 : "")}' "$RESULTS" | head -1)"
    printf '| %s | %s | %s | – | – | – | – | – | %s |\n' "$3" "$kind" "$ok" "${why:-not run}"
    return
  fi
  local rps mbs ratio="–"
  rps="$(calc '%.0f' "$ROWS / $w")"; mbs="$(calc '%.1f' "$size / 1048576 / $w")"
  [[ "$psql_wall" != "-" ]] && ratio="$(awk -v p="$psql_wall" -v w="$w" 'BEGIN { r = p / w; printf (r < 0.1 ? "%.3f×" : "%.2f×"), r }')"
  local mis; mis="$(awk -F'\t' -v t="$tool" -v k="$kind" 'NR>1 && $1==t && $2==k && $4=="miscounted" {print "wrong result: " $11; exit}' "$RESULTS")"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$3" "$kind" "$ok" "$w" "$rps" "$mbs" "$(calc '%.0f' "$r / 1024")" "$ratio" "$mis"
}

verdict() { # value op target
  awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { if (v == "-") print "not measured"; else if ((op == ">=" && v+0 >= t+0) || (op == "<=" && v+0 <= t+0)) print "met"; else print "missed" }'
}

drover_vs_psql="-"; drover_bad_frac="-"; drover_rss="-"
if [[ "${WALL[drover.clean]:--}" != "-" && "$psql_wall" != "-" ]]; then drover_vs_psql="$(calc '%.2f' "$psql_wall / ${WALL[drover.clean]}")"; fi
if [[ "${WALL[drover.clean]:--}" != "-" && "${WALL[drover.bad]:--}" != "-" ]]; then drover_bad_frac="$(calc '%.2f' "${WALL[drover.clean]} / ${WALL[drover.bad]}")"; fi
if [[ "${RSS[drover.clean]:--}" != "-" ]]; then
  drover_rss="$(printf '%s\n%s\n' "${RSS[drover.clean]}" "${RSS[drover.bad]:-0}" | grep -v '^-$' | sort -n | tail -1 | awk '{printf "%.0f", $1/1024}')"
fi

cpu="$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)"; cpu="${cpu:-$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')}"
mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
pgv="$(sed -n 's/^pg=//p' "$ENVF")"
javav="$(java -version 2>&1 | head -1)"
pgloaderv="$(sed -n 's/^pgloader=//p' "$ENVF")"
psqlv="$(psql --version)"
cmdline="bench/run-benchmark.sh --rows $ROWS --runs $RUNS$( [[ $SKIP_PGLOADER -eq 1 ]] && echo ' --skip-pgloader' || true)"

{
  echo "# Benchmarks"
  echo
  echo "CSV into PostgreSQL 17: Drover against \`psql \\copy\` and pgloader, same machine, same files, medians of $RUNS run(s)."
  echo "Written by \`bench/run-benchmark.sh\`; numbers are only comparable within one run of the script."
  echo
  echo "## Machine"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- CPU: $cpu, $(nproc) cores available (nproc)"
  echo "- RAM: $mem"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- PostgreSQL: $pgv (embedded zonky binaries, same machine; fsync on, shared_buffers=1GB, max_wal_size=16GB, checkpoint_timeout=30min, autovacuum off)"
  echo "- Java: $javav"
  echo "- psql: $psqlv; pgloader: $pgloaderv"
  echo
  echo "## Reproduce"
  echo
  echo '```'
  echo "$cmdline"
  echo '```'
  echo
  echo "## Data"
  echo
  echo "- Table: \`t (id bigint, name text, amount numeric(12,2), created timestamptz, active bool, note text)\`, created fresh for every run, no indexes, followed by a CHECKPOINT before the load starts."
  echo "- clean: $ROWS rows, $(calc '%.1f' "$size_clean / 1048576") MB (\`java bench/GenerateCsv.java $ROWS FILE --seed $SEED\`)."
  echo "- bad: the same $ROWS rows with $BAD_ROWS (${BAD_PERCENT} %) bad ones: non-numeric id, amount out of range, 2024-02-30, a missing field, an extra field; $(calc '%.1f' "$size_bad / 1048576") MB."
  echo
  echo "## Results"
  echo
  echo "rows/s and MB/s count every input row and byte of the file, good or bad. Ratio = tool's rows/s ÷ \`psql \\copy\` rows/s on the clean file."
  echo "A run counts only when the loaded row count is right: clean $ROWS; bad $((ROWS - BAD_ROWS)); for Drover also the exit code (0 clean, 3 with rejects) and the rejected count in its \`--summary\` JSON ($BAD_ROWS)."
  echo
  echo "| tool | file | good runs | wall s (median) | rows/s | MB/s | peak RSS MB | ratio to psql \\copy | note |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for tool in "${TOOLS[@]}"; do
    case $tool in psql) label='`psql \copy`' ;; drover) label='Drover' ;; pgloader) label='pgloader' ;; esac
    for kind in clean bad; do
      if [[ $tool == psql && $kind == bad ]]; then
        printf '| %s | bad | – | – | – | – | – | – | %s of %s runs failed as expected (aborts at the first bad row, loads nothing): %s |\n' \
          "$label" "$(count_of psql bad failed-as-expected)" "$RUNS" \
          "$(awk -F'\t' 'NR>1 && $1=="psql" && $2=="bad" {print $11; exit}' "$RESULTS" | sed 's/|/\\|/g')"
      else
        row "$tool" "$kind" "$label"
      fi
    done
  done
  echo
  echo "Drover on the bad file runs at **${drover_bad_frac}** of its clean speed."
  echo
  echo "## Targets"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| clean ≥ 1.0× \`psql \\copy\` (stretch 1.3×) | ${drover_vs_psql}× | $(verdict "$drover_vs_psql" '>=' 1.0)$( [[ $(verdict "$drover_vs_psql" '>=' 1.3) == met ]] && echo ', stretch met' || true) |"
  echo "| 1 % bad ≥ 0.7× clean | ${drover_bad_frac}× | $(verdict "$drover_bad_frac" '>=' 0.7) |"
  echo "| peak RSS ≤ 512 MB | ${drover_rss} MB | $(verdict "$drover_rss" '<=' 512) |"
  echo
  echo "## Every run"
  echo
  echo "| tool | file | run | status | exit | wall s | peak RSS KB | loaded | expected | rejected (summary) | note |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' 'NR>1 { gsub(/\|/, "\\|", $11); printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11 }' "$RESULTS"
} >"$OUT"
log "wrote $OUT"
