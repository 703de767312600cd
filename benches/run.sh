#!/usr/bin/env bash
# End-to-end benchmark: `tally run` on 10k, 100k and 1M generated comments
# (shipped STLS taxonomy), beside the pandas baseline (benches/baseline.py).
#
#   bash benches/run.sh                     # sizes 10000 100000 1000000, 3 runs each
#   SIZES="10000 100000" RUNS=5 bash benches/run.sh
#   BASELINE_SIZES="10000 100000" ...       # sizes the pandas baseline runs on
#                                           # (default 10000 100000: ~5.5 min at
#                                           # 100k here, ~1 h at 1M)
#
# Prints one row per size: medians over RUNS of wall time and peak RSS
# (/usr/bin/time -v), of each stage's seconds (`tally run --timings`), tagging
# MB/s, the baseline's wall time and the speed-up; then the linearity ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"10000 100000 1000000"}
RUNS=${RUNS:-3}
BASELINE_SIZES=${BASELINE_SIZES:-"10000 100000"}
JOBS=${JOBS:-$(nproc)}

cargo build --release --locked --bin tally --example gen >&2
if ! python3 -c 'import pandas' 2>/dev/null; then
  pip install --quiet pandas >&2
fi
TALLY=$PWD/target/release/tally
GEN=$PWD/target/release/examples/gen
TAX=$PWD/taxonomies/stls.toml
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-8s %6s %8s %8s %7s %7s %7s %7s %7s %9s %9s %8s\n' \
  comments CSV_MB wall_s rss_MB ingest tag aggr write index tag_MB/s pandas_s speedup
declare -A WALL
for n in $SIZES; do
  csv=$WORK/c$n.csv
  "$GEN" "$n" "$csv"
  cat > "$WORK/p$n.toml" <<TOML
title = "bench $n"
taxonomy = "$TAX"
[[sources]]
name = "corpus"
kind = "table"
path = "c$n.csv"
text = "Comment"
[sources.columns]
id = "Ref"
option = "Option"
stakeholder = "Stakeholder"
question = "Question"
TOML
  : > "$WORK/runs$n"
  for r in $(seq "$RUNS"); do
    /usr/bin/time -v "$TALLY" run "$WORK/p$n.toml" --out "$WORK/out$n" --quiet --timings --jobs "$JOBS" \
      > /dev/null 2> "$WORK/err"
    awk '
      /^(ingest|tag|aggregate|write|index) / { s[$1]=$2; if ($1=="tag") mbs=$5 }
      /Elapsed \(wall clock\)/ { split($NF, t, ":"); wall = (length(t)==3) ? t[1]*3600+t[2]*60+t[3] : t[1]*60+t[2] }
      /Maximum resident set size/ { rss=$NF/1024 }
      END { printf "%s %s %s %s %s %s %s %s\n", wall, rss, s["ingest"], s["tag"], s["aggregate"], s["write"], s["index"], mbs }
    ' "$WORK/err" >> "$WORK/runs$n"
  done
  col() { awk -v c="$1" '{print $c}' "$WORK/runs$n" | median; }
  pandas=- speed=-
  if [[ " $BASELINE_SIZES " == *" $n "* ]]; then
    start=$(date +%s.%N)
    python3 benches/baseline.py "$csv" "$TAX" "$WORK/baseline$n.csv" 2> "$WORK/baseline$n.err"
    pandas=$(printf "%.1f" "$(echo "$(date +%s.%N) - $start" | bc)")
    speed=$(echo "scale=1; $pandas / $(col 1)" | bc)
  fi
  WALL[$n]=$(col 1)
  printf '%-8s %6.0f %8.2f %8.0f %7.2f %7.2f %7.2f %7.2f %7.2f %9.1f %9s %8s\n' \
    "$n" "$(echo "$(stat -c %s "$csv") / 1000000" | bc -l)" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)" \
    "$(col 5)" "$(col 6)" "$(col 7)" "$(col 8)" "$pandas" "$speed"
  rm -f "$csv"
  rm -rf "$WORK/out$n"
done
if [[ -n "${WALL[100000]:-}" && -n "${WALL[1000000]:-}" ]]; then
  echo "linearity: wall(1M) / wall(100k) = $(echo "scale=2; ${WALL[1000000]} / ${WALL[100000]}" | bc)"
fi
