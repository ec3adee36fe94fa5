package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * flake.nix and nix/, checked offline (these machines cannot fetch nixpkgs): every file parses,
 * the module's options are exactly the daemon's run flags, and the NixOS unit hardens exactly as
 * packaging/systemd/xtcp.service does.
 */
class NixFilesIT {
    private static Cmd.Result nix(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nix-instantiate"));
        cmd.addAll(List.of(args));
        return Cmd.run(java.time.Duration.ofSeconds(60), cmd);
    }

    /** A Nix string printed by --eval --json, unescaped. */
    private static String evalString(String expr) throws Exception {
        Cmd.Result p = nix("--eval", "--strict", "--json", "-E", expr);
        assertEquals(0, p.exit(), expr + "\n" + p.err());
        String s = p.out().strip();
        assertTrue(s.startsWith("\"") && s.endsWith("\""), s);
        return s.substring(1, s.length() - 1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    @Test
    void everyNixFileParses() throws Exception {
        Xtcp.requireRootAnd("nix-instantiate");
        List<Path> files;
        try (Stream<Path> s = Files.walk(Xtcp.root())) {
            files = s.filter(p -> p.toString().endsWith(".nix"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/"))
                    .sorted().collect(Collectors.toList());
        }
        List<String> names = files.stream().map(p -> Xtcp.root().relativize(p).toString()).collect(Collectors.toList());
        assertTrue(names.containsAll(List.of("flake.nix", "nix/package.nix", "nix/module.nix", "nix/run-options.nix",
                "nix/service-config.nix", "nix/tests/xtcp.nix")), names.toString());
        for (Path f : files) {
            Cmd.Result p = nix("--parse", f.toString());
            assertEquals(0, p.exit(), f + ": " + p.err());
        }
    }

    /** Option name → its type's name, the module's run options evaluated against a stand-in lib. */
    private static Map<String, String> moduleOptions() throws Exception {
        String stub = MicroVm.resources().resolve("nix/stub-lib.nix").toString();
        String opts = Xtcp.root().resolve("nix/run-options.nix").toString();
        String lines = evalString("let o = import " + opts + " { lib = import " + stub + "; }; in "
                + "builtins.concatStringsSep \"\\n\" (builtins.attrValues (builtins.mapAttrs (n: v: "
                + "n + \" \" + v.type.name + \" \" + v.type.elem.name + \" \" + (if v.default == null then \"null\" else \"set\")) o))");
        Map<String, String> out = new TreeMap<>();
        for (String l : lines.split("\n")) {
            String[] f = l.split(" ");
            assertEquals("nullOr", f[1], "option " + f[0] + " may be null (the daemon's default)");
            assertEquals("null", f[3], "option " + f[0] + " defaults to null, leaving the daemon's default");
            out.put(f[0], f[2]);
        }
        return out;
    }

    @Test
    void moduleOptionsAreTheRunFlags() throws Exception {
        Xtcp.requireRootAnd("nix-instantiate");
        Map<String, Boolean> flags = RunFlags.fromHelp();
        flags.remove("config"); // the module writes flags itself
        Map<String, String> options = moduleOptions();
        assertEquals(flags.keySet(), options.keySet(), "services.xtcp.settings names the run flags, no more, no fewer");
        for (Map.Entry<String, Boolean> f : flags.entrySet()) {
            String type = options.get(f.getKey());
            boolean many = type.equals("listOf") || type.equals("attrsOf");
            assertEquals(f.getValue(), many, "--" + f.getKey() + " takes a list in --help iff its option is a list or set: " + type);
        }
    }

    /** The capability settings are what `xtcp caps --for nix` prints from the daemon's table, verbatim. */
    @Test
    void capabilitiesAreTheTablesSnippet() throws Exception {
        Xtcp.requireRootAnd();
        Cmd.Result snippet = Xtcp.run("caps", "--for", "nix");
        assertEquals(0, snippet.exit(), snippet::toString);
        String config = Files.readString(Xtcp.root().resolve("nix/service-config.nix"));
        assertTrue(config.contains("\n" + snippet.out()), "nix/service-config.nix must contain exactly:\n" + snippet.out());
    }

    @Test
    void nixosUnitHardensLikeTheUnitFile() throws Exception {
        Xtcp.requireRootAnd("nix-instantiate");
        Map<String, Map<String, List<String>>> unit = UnitFile.parse(Files.readString(Xtcp.root().resolve("packaging/systemd/xtcp.service")));
        String config = Xtcp.root().resolve("nix/service-config.nix").toString();
        for (String section : List.of("Unit", "Service")) {
            String lines = evalString("let c = (import " + config + ")." + section.toLowerCase() + "; "
                    + "line = k: v: if builtins.isList v then map (x: k + \"=\" + x) v else [ (k + \"=\" + v) ]; in "
                    + "builtins.concatStringsSep \"\\n\" (builtins.concatLists (builtins.attrValues (builtins.mapAttrs line c)))");
            Map<String, List<String>> fromNix = new TreeMap<>();
            for (String l : lines.split("\n")) {
                int eq = l.indexOf('=');
                fromNix.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
            }
            Map<String, List<String>> fromUnit = new TreeMap<>(unit.get(section));
            if (section.equals("Unit")) {
                fromUnit.keySet().retainAll(List.of("StartLimitIntervalSec", "StartLimitBurst"));
            } else {
                fromUnit.keySet().removeAll(List.of("ExecStart", "EnvironmentFile"));
                fromUnit.computeIfPresent("Environment", (k, v) -> {
                    List<String> kept = v.stream().filter(e -> !e.startsWith("XTCP_JAR=")).collect(Collectors.toList());
                    return kept.isEmpty() ? null : kept;
                });
            }
            assertEquals(fromUnit, fromNix, "[" + section + "] of packaging/systemd/xtcp.service vs nix/service-config.nix");
        }
    }
}
