# Sourced by the guest jobs, after /job/job.env (XTCP_JAR, XTCP_RESOURCES).

# JVM flags for the guest: a small heap, C1 only, and the class-data archive the host made for this
# jar (XTCP_JSA; emulated class loading is what a JVM launch spends its time on).
JVM_FLAGS=(-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData)
[[ -n "${XTCP_JSA:-}" ]] && JVM_FLAGS+=(-XX:SharedArchiveFile="$XTCP_JSA" -Xlog:cds=off -Xlog:cds+dynamic=off)

# xtcp OUT ERR ARGS...: runs the jar; writes stdout to OUT and stderr to ERR. Under TCG about one
# JVM launch in 125 dies in JIT code: a death by signal is retried once.
xtcp() {
  local out="$1" err="$2" rc
  shift 2
  java "${JVM_FLAGS[@]}" -jar "$XTCP_JAR" "$@" >"$out" 2>"$err"
  rc=$?
  if ((rc > 128 && rc != 143)); then
    echo "guest: the JVM died with status $rc; retrying once" >&2
    java "${JVM_FLAGS[@]}" -jar "$XTCP_JAR" "$@" >"$out" 2>"$err"
    rc=$?
  fi
  return "$rc"
}

# wait_for FILE [SECONDS]: until FILE exists.
wait_for() {
  local i
  for ((i = 0; i < ${2:-60} * 10; i++)); do
    [[ -e "$1" ]] && return 0
    sleep 0.1
  done
  echo "guest: $1 did not appear" >&2
  return 1
}
