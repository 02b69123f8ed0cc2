#!/usr/bin/env bash
# Whole-process time and peak memory of `planreview analyze` on generated plans of 1k, 10k and 100k
# resources, against jq counting the deletes of the same file. Usage (from anywhere):
#   tests/perf/run.sh [SIZES...]          default sizes: 1000 10000 100000
# Environment: PERF_DIR (where plans go, default /tmp/planreview-perf), RUNS (runs per measure, default 3;
# the best run is kept, as the others mostly measure the neighbours), SEED (default 42), BUILD (r2r, the
# default: the ReadyToRun publish, as the Action builds it; or jit: a plain `dotnet build -c Release`).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${PERF_DIR:-/tmp/planreview-perf}"
runs="${RUNS:-3}"
seed="${SEED:-42}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
mkdir -p "$dir"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (for peak memory)" >&2
  sudo apt-get install -y time >/dev/null 2>&1 || apt-get install -y time >/dev/null
fi
command -v jq >/dev/null || { echo "jq is required (apt-get install jq)" >&2; exit 2; }

echo "building planreview (Release) and the generator once" >&2
if [ "${BUILD:-r2r}" = r2r ]; then
  dotnet publish "$repo/src/PlanReview.Cli" -p:PublishProfile=ReadyToRun -o "$dir/bin/planreview" --nologo -v q >/dev/null
else
  dotnet build "$repo/src/PlanReview.Cli" -c Release -o "$dir/bin/planreview" --nologo -v q >/dev/null
fi
dotnet build "$repo/tests/PlanReview.Benchmarks" -c Release -o "$dir/bin/bench" --nologo -v q >/dev/null
planreview="$dir/bin/planreview/planreview"
generator="$dir/bin/bench/PlanReview.Benchmarks"

# best_of CMD...: prints "seconds peak_kb" of the fastest of $runs runs (exit codes 0 and 1 are verdicts, not failures).
best_of() {
  local best_s="" best_kb="" out
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$dir/time.out" "$@" >/dev/null 2>&1 || true
    out="$(tail -1 "$dir/time.out")"
    local s="${out% *}" kb="${out#* }"
    if [ -z "$best_s" ] || awk -v a="$s" -v b="$best_s" 'BEGIN{exit !(a<b)}'; then best_s="$s"; best_kb="$kb"; fi
  done
  echo "$best_s $best_kb"
}

echo "build: ${BUILD:-r2r}; machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GB", $2/1048576}' /proc/meminfo), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %9s %10s %11s %9s %10s %7s %s\n' resources "size MB" "pr s" "pr peak MB" "jq s" "jq peak MB" ratio "deletes pr/jq"
declare -A pr_time pr_peak
for n in "${sizes[@]}"; do
  plan="$dir/plan-$n-$seed.json"
  [ -f "$plan" ] || "$generator" generate --resources "$n" --seed "$seed" --out "$plan" >/dev/null
  read -r ps pkb < <(best_of "$planreview" analyze "$plan" --json /dev/null --quiet)
  read -r js jkb < <(best_of jq '[.resource_changes[] | select(.change.actions | index("delete"))] | length' "$plan")
  # The same count both ways, as a check that both read the whole file: deletes plus replaces.
  pr_deletes="$("$planreview" analyze "$plan" --json - --quiet | jq '.summary.delete + .summary.replace')" || true
  jq_deletes="$(jq '[.resource_changes[] | select(.change.actions | index("delete"))] | length' "$plan")"
  size_mb=$(awk -v b="$(stat -c %s "$plan")" 'BEGIN{printf "%.0f", b/1048576}')
  ratio=$(awk -v a="$ps" -v b="$js" 'BEGIN{printf "%.2f", a/b}')
  printf '%-9s %9s %10s %11.0f %9s %10.0f %7s %s\n' "$n" "$size_mb" "$ps" "$((pkb/1024))" "$js" "$((jkb/1024))" "$ratio" "$pr_deletes/$jq_deletes"
  pr_time[$n]=$ps; pr_peak[$n]=$((pkb/1024)); last=$n; last_ratio=$ratio
done

read -r small_s small_kb < <(best_of "$planreview" analyze "$repo/samples/terraform/plan.json" --json /dev/null --quiet)
echo "small plan (samples/terraform/plan.json): ${small_s} s, $((small_kb/1024)) MB peak"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The targets of issue 7, on the largest size measured.
status=0
check() { if awk "BEGIN{exit !($2)}"; then echo "PASS $1"; else echo "MISS $1"; status=1; fi; }
check "time at most 0.2x jq on $last resources (ratio $last_ratio)" "$last_ratio <= 0.2"
check "peak memory at most 400 MB on $last resources (${pr_peak[$last]} MB)" "${pr_peak[$last]} <= 400"
check "a small plan in under 0.5 s (${small_s} s)" "$small_s < 0.5"
if [ -n "${pr_time[10000]:-}" ] && [ -n "${pr_time[100000]:-}" ]; then
  # Linear: ten times the resources costs at most about ten times (15x allows for start-up and noise).
  check "growth 10k -> 100k roughly linear (x$(awk -v a="${pr_time[100000]}" -v b="${pr_time[10000]}" 'BEGIN{printf "%.1f", a/b}'))" \
    "${pr_time[100000]} <= 15 * ${pr_time[10000]}"
fi
exit $status
