# NixOS VM tests: the microVM tests of tests/ (MicroVmDumpIT, NetemRttIT, SystemdUnitVmIT) as a
# NixOS test, with the module doing the installing. Run: nix build .#checks.x86_64-linux.xtcp
{ pkgs, module }:

pkgs.testers.runNixOSTest {
  name = "xtcp";

  nodes.machine = { config, pkgs, ... }: {
    imports = [ module ];
    virtualisation.memorySize = 1024;
    boot.kernelModules = [ "tcp_diag" "inet_diag" "sch_netem" "veth" ];
    environment.systemPackages = [ config.services.xtcp.package pkgs.iproute2 pkgs.python3 pkgs.libcap ];

    services.xtcp = {
      enable = true;
      settings = {
        dest = "stdout:";
        marshal = "csv";
        columns = [ "inet_diag_msg_socket_source_port" "inet_diag_msg_state" ];
        "poll-interval" = "2s";
        "poll-timeout" = "1s";
        "startup-jitter" = "0s";
        "http-listen" = "off";
      };
    };
    # short enough to see pings within the test
    systemd.services.xtcp.serviceConfig.WatchdogSec = pkgs.lib.mkForce "6s";
  };

  testScript = ''
    import re

    UNIT_CAPS = (1 << 12) | (1 << 21)  # CAP_NET_ADMIN, CAP_SYS_ADMIN: `xtcp caps --for nix`

    def show(unit, prop):
        return machine.succeed(f"systemctl show {unit} -p {prop} --value").strip()

    def ss_keys(text):
        names = {"ESTAB": "ESTABLISHED", "LISTEN": "LISTEN"}
        keys = set()
        for line in text.splitlines():
            if not line or line[0].isspace():
                continue
            f = line.split()
            local, peer = f[3].replace("[", "").replace("]", ""), f[4].replace("[", "").replace("]", "")
            lh, lp = local.rsplit(":", 1)
            ph, pp = peer.rsplit(":", 1)
            keys.add(f"{names.get(f[0], f[0])} {lh}:{lp} {ph}:{0 if pp == '*' else pp}")
        return keys

    def dump_rows(csv):
        lines = csv.strip().splitlines()
        head = lines[0].split(",")
        return [dict(zip(head, l.split(","))) for l in lines[1:]]

    def dump_key(r):
        return (f"{r['inet_diag_msg_state']} {r['inet_diag_msg_socket_source']}:{r['inet_diag_msg_socket_source_port']} "
                f"{r['inet_diag_msg_socket_destination']}:{r['inet_diag_msg_socket_destination_port']}")

    COLUMNS = ("inet_diag_msg_family,inet_diag_msg_state,inet_diag_msg_socket_source,inet_diag_msg_socket_source_port,"
               "inet_diag_msg_socket_destination,inet_diag_msg_socket_destination_port,tcp_info_snd_mss,"
               "tcp_info_rtt,tcp_info_min_rtt,tcp_info_total_retrans")

    machine.start()

    with subtest("the unit becomes active through READY=1, reports status and pings the watchdog"):
        machine.wait_for_unit("xtcp.service")
        assert show("xtcp.service", "Type") == "notify"
        assert re.fullmatch(r"\d+ polls, 0 failed; last poll succeeded", show("xtcp.service", "StatusText"))
        first = int(show("xtcp.service", "WatchdogTimestampMonotonic"))
        machine.sleep(7)
        assert int(show("xtcp.service", "WatchdogTimestampMonotonic")) > first

    with subtest("a transient user with exactly the unit's capabilities (CAP_NET_ADMIN, CAP_SYS_ADMIN), no new privileges, seccomp"):
        pid = show("xtcp.service", "MainPID")
        status = dict(l.split(":", 1) for l in machine.succeed(f"cat /proc/{pid}/status").splitlines() if ":" in l)
        assert all(u != "0" for u in status["Uid"].split())
        for cap in ("CapEff", "CapAmb", "CapBnd"):
            assert int(status[cap].strip(), 16) == UNIT_CAPS, (cap, status[cap])
        assert status["NoNewPrivs"].strip() == "1" and status["Seccomp"].strip() == "2"

    with subtest("records of a listener reach the journal"):
        machine.succeed("python3 -c 'import socket,time; s=socket.socket(); s.bind((\"127.0.0.1\",7300)); s.listen(); time.sleep(600)' >&2 &")
        machine.wait_until_succeeds("journalctl -u xtcp.service -o cat | grep -q '^7300,LISTEN$'", timeout=30)

    with subtest("xtcp dump shows exactly the sockets ss shows, with the same mss"):
        machine.succeed("ip link set lo up")
        machine.succeed("python3 ${../../tests/src/test/resources/conn_holder.py} /tmp/ready 3 7100 127.0.0.1 ::1 >&2 &")
        machine.wait_for_file("/tmp/ready")
        ss = machine.succeed("ss -tanHi")
        rows = dump_rows(machine.succeed(f"xtcp dump --format csv --columns {COLUMNS}"))
        assert {dump_key(r) for r in rows} == ss_keys(ss), (rows, ss)

    with subtest("another namespace is refused without CAP_SYS_ADMIN"):
        machine.succeed("ip netns add blue")
        out = machine.fail("capsh --drop=cap_sys_admin -- -c 'xtcp dump --netns blue' 2>&1")
        assert "setns(/run/netns/blue) failed: EPERM" in out, out

    with subtest("netem: RTT is twice the delay, loss shows as retransmits, each side in its namespace"):
        machine.succeed(
            "ip netns add xa", "ip netns add xb",
            "ip -n xa link set lo up", "ip -n xb link set lo up",
            "ip link add va netns xa type veth peer name vb netns xb",
            "ip -n xa addr add 10.200.0.1/24 dev va", "ip -n xb addr add 10.200.0.2/24 dev vb",
            "ip -n xa link set va up", "ip -n xb link set vb up",
            "tc -n xa qdisc add dev va root netem delay 20ms loss 5%",
            "tc -n xb qdisc add dev vb root netem delay 20ms loss 5%",
        )
        peer = "${../../tests/src/test/resources/netem_peer.py}"
        machine.succeed(f"ip netns exec xa python3 {peer} serve 10.200.0.1 7200 >&2 &")
        machine.sleep(1)
        machine.succeed(f"ip netns exec xb python3 {peer} talk 10.200.0.1 7200 4 60 1024 /tmp/netem-ready >&2 &")
        machine.wait_for_file("/tmp/netem-ready", timeout=120)
        for ns, local in (("xa", "10.200.0.1"), ("xb", "10.200.0.2")):
            rows = dump_rows(machine.succeed(f"xtcp dump --netns {ns} --format csv --columns {COLUMNS}"))
            assert {dump_key(r) for r in rows} == ss_keys(machine.succeed(f"ip netns exec {ns} ss -tanHi"))
            est = [r for r in rows if r["inet_diag_msg_state"] == "ESTABLISHED"]
            assert len(est) == 4 and all(r["inet_diag_msg_socket_source"] == local for r in est), rows
            for r in est:
                assert abs(int(r["tcp_info_rtt"]) - 40000) <= 13000, r
                assert int(r["tcp_info_min_rtt"]) >= 39500, r
            assert sum(int(r["tcp_info_total_retrans"]) for r in est) > 0, rows

    with subtest("stops cleanly"):
        machine.succeed("systemctl stop xtcp.service")
        assert show("xtcp.service", "Result") == "success"
  '';
}
