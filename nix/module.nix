# NixOS module: services.xtcp runs `xtcp run` as a hardened systemd service (Type=notify,
# watchdog, a transient user with the capabilities `xtcp caps --for nix` prints; the same settings as
# packaging/systemd/xtcp.service, from ./service-config.nix).
{
  config,
  lib,
  pkgs,
  utils,
  ...
}:

let
  cfg = config.services.xtcp;
  shared = import ./service-config.nix;

  # "--name=value" for every setting that is not null; lists join with commas, attribute sets
  # (dest-opt) repeat the flag once per key.
  flag = name: value:
    if value == null then
      [ ]
    else if builtins.isList value then
      [ "--${name}=${lib.concatStringsSep "," value}" ]
    else if builtins.isAttrs value then
      lib.mapAttrsToList (k: v: "--${name}=${k}=${v}") value
    else
      [ "--${name}=${toString value}" ];
  runArgs = lib.concatLists (lib.mapAttrsToList flag cfg.settings) ++ cfg.extraArgs;
in
{
  options.services.xtcp = {
    enable = lib.mkEnableOption "xtcp, the TCP socket state (inet_diag) streamer";

    package = lib.mkOption {
      type = lib.types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = lib.literalExpression "pkgs.callPackage ./package.nix { }";
      description = "The xtcp package.";
    };

    settings = lib.mkOption {
      type = lib.types.submodule { options = import ./run-options.nix { inherit lib; }; };
      default = { };
      example = {
        dest = "kafka://broker1:9092,broker2:9092/xtcp";
        "poll-interval" = "10s";
        netns = [ "all" ];
        "dest-opt" = { acks = "all"; "linger.ms" = "5"; };
      };
      description = "Flags of `xtcp run`, by name without the leading dashes; null keeps the daemon's default.";
    };

    extraArgs = lib.mkOption {
      type = lib.types.listOf lib.types.str;
      default = [ ];
      description = "More arguments for `xtcp run`, verbatim.";
    };

    environmentFile = lib.mkOption {
      type = lib.types.nullOr lib.types.path;
      default = null;
      example = "/run/secrets/xtcp.env";
      description = "XTCP_* variables kept out of the Nix store (e.g. Kafka credentials in XTCP_DEST_OPT).";
    };

    javaOpts = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "-XX:+UseSerialGC -Xmx256m -XX:MaxDirectMemorySize=64m";
      description = "JVM flags replacing the launcher's defaults (XTCP_JAVA_OPTS); keep them within MemoryMax.";
    };

    heap = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "256m";
      description = "The heap's maximum (XTCP_HEAP, the launcher's -Xmx; unset: 128m), with javaOpts too. `run` refuses a --queue-max-bytes it cannot hold. Raise MemoryMax by as much.";
    };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.xtcp = {
      description = "xtcp: TCP socket state (inet_diag) from every network namespace";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after = [ "network-online.target" ];
      unitConfig = shared.unit;
      environment = lib.optionalAttrs (cfg.javaOpts != null) { XTCP_JAVA_OPTS = cfg.javaOpts; }
        // lib.optionalAttrs (cfg.heap != null) { XTCP_HEAP = cfg.heap; };
      serviceConfig = shared.service // {
        ExecStart = utils.escapeSystemdExecArgs ([ (lib.getExe cfg.package) "run" ] ++ runArgs);
        EnvironmentFile = lib.optional (cfg.environmentFile != null) cfg.environmentFile;
      };
    };
  };
}
