# The systemd settings packaging/systemd/xtcp.service and the NixOS module share: everything but
# where the program and its settings live (ExecStart, XTCP_JAR, EnvironmentFile). Plain data,
# no nixpkgs: tests/ compares it with the unit file line by line. Why each line: docs/deployment.md.
{
  unit = {
    StartLimitIntervalSec = "300";
    StartLimitBurst = "5";
  };

  service = {
    Type = "notify";
    NotifyAccess = "main";
    WatchdogSec = "60s";
    TimeoutStartSec = "120s";
    TimeoutStopSec = "30s";
    Restart = "on-failure";
    RestartSec = "5s";
    SuccessExitStatus = "143";
    RestartPreventExitStatus = "2 3";

    DynamicUser = "yes";
    # Capabilities, as `xtcp caps --for nix` prints them from the daemon's table, for --netns all
    # with the folders below. Each lets the daemon read:
    #   CAP_SYS_ADMIN: setns(2) into the namespaces found; it would also allow mount and other
    #     administration, which xtcp never does (the unit's SystemCallFilter denies them).
    #   CAP_NET_ADMIN: the mark of every socket (INET_DIAG_MARK); it would also let the process
    #     change interfaces, routes and firewall rules, which xtcp never does.
    # Not granted: CAP_SYS_PTRACE (used when --netns-dirs includes /proc): /proc/PID/ns/net of every
    # process, and also /proc/PID/mem, environ and stack: the memory and secrets of every process.
    # Not granted: CAP_DAC_READ_SEARCH (used when a --netns-dirs folder cannot be listed by the
    # daemon's user): namespace files under root-only folders, and also every file on the host
    # (/etc/shadow).
    # Granting them, and the trade-off: docs/deployment.md#capabilities.
    Environment = "XTCP_NETNS_DIRS=/run/netns,/run/docker/netns";
    CapabilityBoundingSet = "CAP_SYS_ADMIN CAP_NET_ADMIN";
    AmbientCapabilities = "CAP_SYS_ADMIN CAP_NET_ADMIN";
    NoNewPrivileges = "yes";

    StateDirectory = "xtcp";
    StateDirectoryMode = "0700";
    CacheDirectory = "xtcp";
    CacheDirectoryMode = "0700";
    UMask = "0077";
    ProtectSystem = "strict";
    ProtectHome = "yes";
    PrivateTmp = "yes";
    PrivateDevices = "yes";
    PrivateIPC = "yes";
    PrivateMounts = "yes";
    ProtectKernelTunables = "yes";
    ProtectKernelModules = "yes";
    ProtectKernelLogs = "yes";
    ProtectControlGroups = "yes";
    ProtectClock = "yes";
    ProtectHostname = "yes";
    KeyringMode = "private";
    RemoveIPC = "yes";
    RestrictRealtime = "yes";
    RestrictSUIDSGID = "yes";
    LockPersonality = "yes";
    RestrictNamespaces = "net";
    RestrictAddressFamilies = "AF_NETLINK AF_INET AF_INET6 AF_UNIX";
    # Remote sinks or a non-loopback --http-listen: add their addresses to IPAddressAllow.
    IPAddressDeny = "any";
    IPAddressAllow = "localhost";
    SystemCallArchitectures = "native";
    SystemCallFilter = [
      "@system-service"
      "~@privileged @resources process_vm_readv process_vm_writev userfaultfd kcmp"
    ];
    SystemCallErrorNumber = "EPERM";

    MemoryMax = "512M";
    TasksMax = "256";
    LimitNOFILE = "65536";
  };
}
