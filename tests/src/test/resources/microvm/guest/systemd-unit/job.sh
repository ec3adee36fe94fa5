# Runs as a unit once xtcp.service is started (Type=notify: after READY=1) or failed; records what
# systemd and the kernel say about it, then ends the VM through isa-debug-exit.
set -u
show() { systemctl show xtcp.service --no-pager -p "$1" --value; }
finish() {
  echo "$1" >/job/rc
  sync
  printf "\\$(printf '%03o' "$1")" | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
  systemctl poweroff --force --force
}

systemctl show xtcp.service --no-pager -p ActiveState -p SubState -p StatusText -p NRestarts -p Result \
  -p MainPID -p Type -p WatchdogUSec >/job/show-started.txt
pid=$(show MainPID)
if [[ "$pid" == 0 ]]; then
  journalctl -u xtcp.service -o cat --no-pager >/job/journal.txt
  finish 1
fi
grep -E '^(Uid|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' "/proc/$pid/status" >/job/proc-status.txt
readlink "/proc/$pid/ns/net" >/job/service-netns.txt
readlink /proc/self/ns/net >/job/host-netns.txt

# watchdog pings every WatchdogSec/2 = 3s move WatchdogTimestamp
show WatchdogTimestampMonotonic >/job/watchdog-1.txt
sleep 7
show WatchdogTimestampMonotonic >/job/watchdog-2.txt
show StatusText >/job/status-text.txt

systemctl start xtcp-dump-blue.service
systemctl show xtcp-dump-blue.service --no-pager -p Result -p ExecMainStatus >/job/dump-blue-show.txt

systemctl stop xtcp.service
systemctl show xtcp.service --no-pager -p ActiveState -p Result -p ExecMainStatus -p NRestarts >/job/show-stopped.txt
journalctl -u xtcp.service -o cat --no-pager >/job/journal.txt
# for whoever wonders where the time went
systemd-analyze critical-chain xtcp.service >/job/critical-chain.txt 2>&1
journalctl -b -o short-monotonic --no-pager >/job/boot-journal.txt
finish 0
