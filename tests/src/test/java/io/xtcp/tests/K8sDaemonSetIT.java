package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/daemonset.yaml, parsed by PyYAML (no cluster here): the privileges are the unit's,
 * the probes are where the HTTP server serves them, the namespace folders are mounted from the
 * host, and every XTCP_* setting names a run flag.
 */
class K8sDaemonSetIT {
    private static Map<String, String> yaml;
    private static final String POD = "doc[2].spec.template.spec.";
    private static final String CONTAINER = POD + "containers[0].";

    @BeforeAll
    static void load() throws Exception {
        Privileges.requireRootAnd("python3");
        Cmd.Result p = Cmd.run(java.time.Duration.ofSeconds(60), List.of("python3", MicroVm.resources().resolve("yaml_paths.py").toString(),
                Xtcp.root().resolve("deploy/k8s/daemonset.yaml").toString()));
        assertEquals(0, p.exit(), "PyYAML could not read the manifest (apt: python3-yaml): " + p.err());
        yaml = new TreeMap<>();
        for (String line : p.out().split("\n")) {
            int eq = line.indexOf('=');
            yaml.put(line.substring(0, eq), line.substring(eq + 1));
        }
        assertEquals("DaemonSet", yaml.get("doc[2].kind"));
    }

    private static Set<String> list(String prefix) {
        return yaml.entrySet().stream().filter(e -> e.getKey().matches(java.util.regex.Pattern.quote(prefix) + "\\[\\d+\\]"))
                .map(Map.Entry::getValue).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void capabilitiesAreTheUnitsAndNothingElse() throws Exception {
        var unit = UnitFile.parse(Files.readString(Xtcp.root().resolve("packaging/systemd/xtcp.service")));
        Set<String> unitCaps = new TreeSet<>();
        for (String c : unit.get("Service").get("CapabilityBoundingSet").get(0).split("\\s+")) {
            unitCaps.add(c.replaceFirst("^CAP_", ""));
        }
        assertEquals(unitCaps, list(CONTAINER + "securityContext.capabilities.add"));
        assertEquals(Set.of("ALL"), list(CONTAINER + "securityContext.capabilities.drop"));
        assertEquals("False", yaml.get(CONTAINER + "securityContext.privileged"));
        assertEquals("False", yaml.get(CONTAINER + "securityContext.allowPrivilegeEscalation"));
        assertEquals("True", yaml.get(CONTAINER + "securityContext.readOnlyRootFilesystem"));
        assertEquals("RuntimeDefault", yaml.get(CONTAINER + "securityContext.seccompProfile.type"));
        assertEquals("True", yaml.get(POD + "hostPID"), "the host's processes, for /proc/PID/ns/net");
        assertEquals("False", yaml.get(POD + "automountServiceAccountToken"));
    }

    @Test
    void probesAskTheHttpServer() {
        String port = yaml.get(CONTAINER + "ports[0].containerPort");
        assertEquals("9088", port);
        assertEquals("http", yaml.get(CONTAINER + "ports[0].name"));
        assertEquals("/healthz", yaml.get(CONTAINER + "livenessProbe.httpGet.path"));
        assertEquals("/readyz", yaml.get(CONTAINER + "readinessProbe.httpGet.path"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("http", yaml.get(CONTAINER + probe + ".httpGet.port"), probe);
        }
        assertEquals("0.0.0.0:9088", yaml.get("doc[1].data.XTCP_HTTP_LISTEN"), "kubelet reaches the pod's address, not its loopback");
    }

    @Test
    void namespaceFoldersComeFromTheHostAndFollowNewMounts() {
        Map<String, String> volumes = new TreeMap<>();
        for (int i = 0; yaml.containsKey(POD + "volumes[" + i + "].name"); i++) {
            String hostPath = yaml.get(POD + "volumes[" + i + "].hostPath.path");
            if (hostPath != null) {
                volumes.put(yaml.get(POD + "volumes[" + i + "].name"), hostPath);
            }
        }
        assertEquals(Map.of("netns", "/run/netns", "docker-netns", "/run/docker/netns"), volumes, "only namespace folders from the host");
        int mounts = 0;
        for (int i = 0; yaml.containsKey(CONTAINER + "volumeMounts[" + i + "].name"); i++) {
            String name = yaml.get(CONTAINER + "volumeMounts[" + i + "].name");
            if (volumes.containsKey(name)) {
                assertEquals(volumes.get(name), yaml.get(CONTAINER + "volumeMounts[" + i + "].mountPath"), name);
                assertEquals("HostToContainer", yaml.get(CONTAINER + "volumeMounts[" + i + "].mountPropagation"), name);
                assertEquals("True", yaml.get(CONTAINER + "volumeMounts[" + i + "].readOnly"), name);
                mounts++;
            }
        }
        assertEquals(2, mounts);
    }

    @Test
    void everySettingIsARunFlag() throws Exception {
        Set<String> flags = RunFlags.fromHelp().keySet();
        List<String> settings = yaml.keySet().stream().filter(k -> k.startsWith("doc[1].data.")).map(k -> k.substring("doc[1].data.".length()))
                .collect(Collectors.toList());
        settings.add(yaml.get(CONTAINER + "env[0].name"));
        assertTrue(settings.size() > 5, settings.toString());
        for (String var : settings) {
            assertTrue(var.startsWith("XTCP_"), var);
            String flag = var.substring(5).toLowerCase().replace('_', '-');
            assertTrue(flags.contains(flag), var + " names no `xtcp run` flag (" + flags + ")");
        }
    }
}
