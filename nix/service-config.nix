# The systemd settings packaging/systemd/xtcp.service and the NixOS module share: everything but
# where the program and its settings live (ExecStart, Environment, EnvironmentFile). Plain data,
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
    CapabilityBoundingSet = "CAP_NET_ADMIN CAP_SYS_ADMIN CAP_SYS_PTRACE CAP_DAC_READ_SEARCH";
    AmbientCapabilities = "CAP_NET_ADMIN CAP_SYS_ADMIN CAP_SYS_PTRACE CAP_DAC_READ_SEARCH";
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
    SystemCallArchitectures = "native";
    SystemCallFilter = [
      "@system-service"
      "~@privileged @resources process_vm_readv process_vm_writev"
    ];
    SystemCallErrorNumber = "EPERM";

    MemoryMax = "512M";
    TasksMax = "256";
    LimitNOFILE = "65536";
  };
}
