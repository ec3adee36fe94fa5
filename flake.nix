{
  description = "xtcp: streams the kernel's TCP socket state (inet_diag) from every network namespace";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs = { self, nixpkgs }:
    let
      systems = [ "x86_64-linux" "aarch64-linux" ];
      forAll = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAll (pkgs: rec {
        xtcp = pkgs.callPackage ./nix/package.nix { };
        default = xtcp;
      });

      nixosModules = rec {
        xtcp = ./nix/module.nix;
        default = xtcp;
      };

      # NixOS VM tests (need KVM to be quick): nix flake check, or
      # nix build .#checks.x86_64-linux.xtcp
      checks = forAll (pkgs: {
        xtcp = import ./nix/tests/xtcp.nix { inherit pkgs; module = self.nixosModules.xtcp; };
      });

      devShells = forAll (pkgs: {
        default = pkgs.mkShell {
          packages = [
            pkgs.jdk17
            pkgs.maven
            pkgs.protobuf
            pkgs.iproute2
            pkgs.python3
            pkgs.libcap
            pkgs.qemu
            pkgs.busybox
            pkgs.systemd
            pkgs.nixfmt-rfc-style
          ];
          JAVA_HOME = pkgs.jdk17.home;
        };
      });
    };
}
