# The xtcp package: the shaded jar built by Maven from this repository, run by the project's own
# launcher (bin/xtcp: XTCP_JAVA_OPTS, XTCP_JAR, JAVA_HOME) pinned to this jar and JDK.
{
  lib,
  maven,
  jdk17_headless,
  protobuf,
  makeWrapper,
  coreutils,
  gnused,
}:

maven.buildMavenPackage {
  pname = "xtcp";
  version = "0.1.0";

  src = lib.fileset.toSource {
    root = ../.;
    fileset = lib.fileset.unions [
      ../pom.xml
      ../bin/xtcp
      ../xtcp-test-support
      ../xtcp-core
      ../xtcp-dest
      ../xtcp-daemon
      ../tests/pom.xml
    ];
  };

  # Hash of the Maven dependencies (a fixed-output derivation). Recompute after dependency
  # changes: set lib.fakeHash, build, and copy the hash Nix reports.
  mvnHash = lib.fakeHash;
  mvnJdk = jdk17_headless;

  # protoc from nixpkgs: the protoc binary Maven Central serves is linked for an FHS system and
  # cannot run in the build sandbox.
  mvnParameters = lib.escapeShellArgs [
    "-pl"
    "xtcp-daemon"
    "-am"
    "-DskipTests"
    "-DprotocExecutable=${protobuf}/bin/protoc"
  ];
  doCheck = false;

  nativeBuildInputs = [ makeWrapper ];

  installPhase = ''
    runHook preInstall
    install -Dm644 xtcp-daemon/target/xtcp.jar $out/share/xtcp/xtcp.jar
    install -Dm755 bin/xtcp $out/libexec/xtcp/xtcp
    makeWrapper $out/libexec/xtcp/xtcp $out/bin/xtcp \
      --set-default XTCP_JAR $out/share/xtcp/xtcp.jar \
      --set-default JAVA_HOME ${jdk17_headless.home} \
      --prefix PATH : ${lib.makeBinPath [ coreutils gnused ]}
    runHook postInstall
  '';

  meta = {
    description = "Streams the kernel's TCP socket state (inet_diag) from every network namespace";
    platforms = lib.platforms.linux;
    mainProgram = "xtcp";
  };
}
