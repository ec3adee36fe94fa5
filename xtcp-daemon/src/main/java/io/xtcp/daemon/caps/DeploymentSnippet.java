package io.xtcp.daemon.caps;

import io.xtcp.core.linux.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The capability settings of each packaged deployment, printed by {@code xtcp caps --for NAME}
 * from {@link CapabilityRequirement#TABLE}: packaging/systemd/xtcp.service, deploy/k8s and
 * nix/service-config.nix contain these lines verbatim (checked by the tests module). Each
 * deployment has its own configuration: the unit and the NixOS module run as a transient non-root
 * user without the /proc scan; the DaemonSet runs as root in the container with the host's PIDs.
 */
public enum DeploymentSnippet {
    SYSTEMD(List.of("/run/netns", "/run/docker/netns")),
    KUBERNETES(List.of("/run/netns", "/run/docker/netns", "/proc")),
    NIX(List.of("/run/netns", "/run/docker/netns"));

    private static final int WIDTH = 100;

    private final List<String> netnsDirs;

    DeploymentSnippet(List<String> netnsDirs) {
        this.netnsDirs = netnsDirs;
    }

    /** {@code --for}'s spelling: systemd, kubernetes, nix. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeploymentSnippet of(String label) {
        for (DeploymentSnippet d : values()) {
            if (d.label().equals(label)) {
                return d;
            }
        }
        throw new IllegalArgumentException("--for " + label + ": not one of systemd, kubernetes, nix");
    }

    /** The deployment's --netns-dirs (its --netns is all). */
    public String netnsDirs() {
        return String.join(",", netnsDirs);
    }

    /** What the deployment's configuration does, assuming its folders are readable (as ip netns makes them). */
    public CapabilityUse use() {
        return new CapabilityUse(true, netnsDirs.contains("/proc"), List.of());
    }

    /** The capabilities granted: those the table says this configuration uses. */
    public List<CapabilityRequirement> granted() {
        return CapabilityRequirement.usedBy(use());
    }

    /** The lines, as the deployment's file holds them (indentation included). */
    public String text() {
        List<CapabilityRequirement> granted = granted();
        List<CapabilityRequirement> withheld = new ArrayList<>(CapabilityRequirement.TABLE);
        withheld.removeAll(granted);
        String caps = CapabilityRequirement.join(granted, " ", Capability::capName);
        StringBuilder sb = new StringBuilder();
        switch (this) {
            case SYSTEMD, NIX -> {
                String indent = this == NIX ? "    " : "";
                comment(sb, indent, "Capabilities, as `xtcp caps --for " + label() + "` prints them from the daemon's table, "
                        + "for --netns all with the folders below. Each lets the daemon read:");
                for (CapabilityRequirement r : granted) {
                    comment(sb, indent, "  " + r.capability().capName() + ": " + r.lets() + ".");
                }
                for (CapabilityRequirement r : withheld) {
                    comment(sb, indent, "Not granted: " + r.capability().capName() + " (used when " + r.when() + "): "
                            + r.lets() + ".");
                }
                comment(sb, indent, "Granting them, and the trade-off: docs/deployment.md#capabilities.");
                if (this == SYSTEMD) {
                    sb.append("Environment=XTCP_NETNS_DIRS=").append(netnsDirs()).append('\n');
                    sb.append("CapabilityBoundingSet=").append(caps).append('\n');
                    sb.append("AmbientCapabilities=").append(caps).append('\n');
                } else {
                    sb.append(indent).append("Environment = \"XTCP_NETNS_DIRS=").append(netnsDirs()).append("\";\n");
                    sb.append(indent).append("CapabilityBoundingSet = \"").append(caps).append("\";\n");
                    sb.append(indent).append("AmbientCapabilities = \"").append(caps).append("\";\n");
                }
            }
            case KUBERNETES -> {
                String indent = "            ";
                comment(sb, indent, "Capabilities, as `xtcp caps --for kubernetes` prints them from the daemon's table, for "
                        + "XTCP_NETNS=all and XTCP_NETNS_DIRS=" + netnsDirs() + " (the ConfigMap). Root in the container "
                        + "holds exactly these; each lets the daemon read what its comment says.");
                sb.append(indent).append("capabilities:\n");
                sb.append(indent).append("  drop: [\"ALL\"]\n");
                sb.append(indent).append("  add:\n");
                for (CapabilityRequirement r : granted) {
                    comment(sb, indent + "    ", r.lets());
                    sb.append(indent).append("    - ").append(r.capability().name()).append('\n');
                }
                for (CapabilityRequirement r : withheld) {
                    comment(sb, indent + "    ", "not added: " + r.capability().name() + " (used when " + r.when() + ")");
                }
            }
            default -> throw new AssertionError(this);
        }
        return sb.toString();
    }

    /** {@code text} as comment lines of at most {@link #WIDTH} columns; an entry ("  NAME: ...") hangs. */
    private static void comment(StringBuilder sb, String indent, String text) {
        boolean entry = text.startsWith("  ");
        String cont = indent + (entry ? "#     " : "# ");
        StringBuilder line = new StringBuilder(indent + (entry ? "#  " : "#"));
        int empty = line.length();
        for (String word : text.strip().split(" ")) {
            if (line.length() > empty && line.length() + 1 + word.length() > WIDTH) {
                sb.append(line).append('\n');
                line = new StringBuilder(cont);
                empty = line.length();
                line.append(word);
                continue;
            }
            line.append(' ').append(word);
        }
        sb.append(line).append('\n');
    }
}
