# Runs in the guest's root before systemd starts: installs xtcp as packaging/ describes (launcher
# and jar under /opt/xtcp, the unit, the env file), the test's own settings, and the units that
# drive the test.
set -eu
. /job/job.env

# A fresh machine has no state of xtcp's: drop what the host's own runs may have left in
# /var/lib (systemd cannot migrate a host directory across the overlay to its DynamicUser place).
rm -rf /var/lib/xtcp /var/lib/private/xtcp

install -D -m 0755 "$XTCP_ROOT/bin/xtcp" /opt/xtcp/bin/xtcp
install -D -m 0644 -p "$XTCP_JAR" /opt/xtcp/lib/xtcp.jar
install -D -m 0644 "$XTCP_ROOT/packaging/systemd/xtcp.service" /etc/systemd/system/xtcp.service
install -D -m 0644 "$XTCP_ROOT/packaging/systemd/xtcp.env" /etc/xtcp/xtcp.env
# what an operator would change in the env file: quick polls, short CSV lines into the journal
cat >>/etc/xtcp/xtcp.env <<'ENV'
XTCP_POLL_INTERVAL=2s
XTCP_POLL_TIMEOUT=1s
XTCP_STARTUP_JITTER=0s
XTCP_MARSHAL=csv
XTCP_COLUMNS=inet_diag_msg_socket_source_port,inet_diag_msg_state
XTCP_JAVA_OPTS=-XX:+UseSerialGC -Xmx128m -XX:TieredStopAtLevel=1
ENV
# the class-data archive the host made for the installed jar: a JVM start takes half as long
if [[ -n "${XTCP_INSTALLED_JSA:-}" ]]; then
  install -m 0644 "$XTCP_INSTALLED_JSA" /opt/xtcp/lib/xtcp.jsa
  sed -i 's|^XTCP_JAVA_OPTS=.*|& -XX:SharedArchiveFile=/opt/xtcp/lib/xtcp.jsa -Xlog:cds=off -Xlog:cds+dynamic=off|' /etc/xtcp/xtcp.env
fi
# a watchdog short enough to see pings within the test
mkdir -p /etc/systemd/system/xtcp.service.d
printf '[Service]\nWatchdogSec=6s\n' >/etc/systemd/system/xtcp.service.d/test.conf

# The same sandbox and capabilities running a one-off dump of another namespace: proves setns
# and namespace files work inside the hardening, which the daemon's own poll (one namespace for
# now) does not reach.
sed -e 's/^Type=notify$/Type=oneshot/' -e '/^\(NotifyAccess\|WatchdogSec\|Restart\|RestartSec\)=/d' \
  -e 's|^ExecStart=.*|ExecStart=/opt/xtcp/bin/xtcp dump --netns blue --format csv --columns inet_diag_msg_socket_source_port,inet_diag_msg_state|' \
  /etc/systemd/system/xtcp.service >/etc/systemd/system/xtcp-dump-blue.service
mkdir -p /etc/systemd/system/xtcp-dump-blue.service.d
printf '[Service]\nStandardOutput=file:/job/dump-blue.csv\nStandardError=file:/job/dump-blue.err\n' \
  >/etc/systemd/system/xtcp-dump-blue.service.d/output.conf

cp /job/xtcp-vm.target /job/xtcp-vm-fixtures.service /job/xtcp-vm-check.service /etc/systemd/system/
