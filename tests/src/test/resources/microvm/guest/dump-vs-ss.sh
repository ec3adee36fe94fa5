# Guest job: `xtcp dump` against `ss` on the same loopback connections, then a dump that must be
# refused for want of CAP_SYS_ADMIN. Results go to /job for the test to compare.
set -u
. /job/job.env
. "$XTCP_RESOURCES/microvm/guest/common.sh"

modprobe -a tcp_diag inet_diag
ip link set lo up
python3 "$XTCP_RESOURCES/conn_holder.py" /tmp/ready 3 7100 127.0.0.1 ::1 &
holder=$!
wait_for /tmp/ready || exit 1

ss -tanHi >/job/ss-before.txt
xtcp /job/dump.csv /job/dump.err dump --format csv --columns "$DUMP_COLUMNS"
echo $? >/job/dump.rc
ss -tanHi >/job/ss-after.txt

# Root without CAP_SYS_ADMIN: setns into another network namespace must be refused.
ip netns add blue
capsh --drop=cap_sys_admin -- -c 'grep ^CapEff: /proc/self/status' >/job/denied-caps.txt
capsh --drop=cap_sys_admin -- -c 'exec java "$@" -jar "$0" dump --netns blue' "$XTCP_JAR" "${JVM_FLAGS[@]}" \
  >/job/denied.out 2>/job/denied.err
echo $? >/job/denied.rc
grep ^CapEff: /proc/self/status >/job/root-caps.txt

kill "$holder"
ip netns del blue
exit 0
