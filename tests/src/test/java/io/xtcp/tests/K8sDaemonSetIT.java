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
 * deploy/k8s/daemonset.yaml and networkpolicy.yaml, parsed by PyYAML (no cluster here): the
 * capabilities are what the daemon's table prints for this configuration, only the metrics port is
 * on the pod's address, the token comes from a Secret file, the namespace folders are mounted from
 * the host, every XTCP_* setting names a run flag, and the NetworkPolicy admits only that port.
 */
class K8sDaemonSetIT {
    private static Map<String, String> yaml;
    private static final String POD = "doc[2].spec.template.spec.";
    private static final String CONTAINER = POD + "containers[0].";

    @BeforeAll
    static void load() throws Exception {
        Xtcp.requireRootAnd("python3");
        yaml = paths("deploy/k8s/daemonset.yaml");
        assertEquals("DaemonSet", yaml.get("doc[2].kind"));
    }

    private static Map<String, String> paths(String file) throws Exception {
        Cmd.Result p = Cmd.run(java.time.Duration.ofSeconds(60), List.of("python3", MicroVm.resources().resolve("yaml_paths.py").toString(),
                Xtcp.root().resolve(file).toString()));
        assertEquals(0, p.exit(), "PyYAML could not read " + file + " (apt: python3-yaml): " + p.err());
        Map<String, String> out = new TreeMap<>();
        for (String line : p.out().split("\n")) {
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return out;
    }

    /** The container's env entries, name to value (valueFrom entries map to their fieldPath). */
    private static Map<String, String> env() {
        Map<String, String> env = new TreeMap<>();
        for (int i = 0; yaml.containsKey(CONTAINER + "env[" + i + "].name"); i++) {
            String value = yaml.get(CONTAINER + "env[" + i + "].value");
            env.put(yaml.get(CONTAINER + "env[" + i + "].name"),
                    value != null ? value : yaml.get(CONTAINER + "env[" + i + "].valueFrom.fieldRef.fieldPath"));
        }
        return env;
    }

    private static Set<String> list(String prefix) {
        return yaml.entrySet().stream().filter(e -> e.getKey().matches(java.util.regex.Pattern.quote(prefix) + "\\[\\d+\\]"))
                .map(Map.Entry::getValue).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The capabilities are what `xtcp caps --for kubernetes` prints from the daemon's table, verbatim, for the ConfigMap's folders. */
    @Test
    void capabilitiesAreTheTablesSnippet() throws Exception {
        Cmd.Result snippet = Xtcp.run("caps", "--for", "kubernetes");
        assertEquals(0, snippet.exit(), snippet::toString);
        String manifest = Files.readString(Xtcp.root().resolve("deploy/k8s/daemonset.yaml"));
        assertTrue(manifest.contains("\n" + snippet.out()), "deploy/k8s/daemonset.yaml must contain exactly:\n" + snippet.out());
        Set<String> added = snippet.out().lines().map(String::strip).filter(l -> l.startsWith("- ")).map(l -> l.substring(2))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(added, list(CONTAINER + "securityContext.capabilities.add"));
        assertTrue(snippet.out().contains("XTCP_NETNS_DIRS=" + yaml.get("doc[1].data.XTCP_NETNS_DIRS") + " "), snippet::toString);
        assertEquals("all", yaml.get("doc[1].data.XTCP_NETNS"));
        assertEquals(Set.of("ALL"), list(CONTAINER + "securityContext.capabilities.drop"));
        assertEquals("False", yaml.get(CONTAINER + "securityContext.privileged"));
        assertEquals("False", yaml.get(CONTAINER + "securityContext.allowPrivilegeEscalation"));
        assertEquals("True", yaml.get(CONTAINER + "securityContext.readOnlyRootFilesystem"));
        assertEquals("RuntimeDefault", yaml.get(CONTAINER + "securityContext.seccompProfile.type"));
        assertEquals("True", yaml.get(POD + "hostPID"), "the host's processes, for the /proc scan");
        assertEquals("False", yaml.get(POD + "automountServiceAccountToken"));
    }

    /** Probes and Prometheus reach only the metrics listener on the pod's address; the rest stays on loopback. */
    @Test
    void onlyMetricsOnThePodsAddress() {
        assertEquals("9089", yaml.get(CONTAINER + "ports[0].containerPort"));
        assertEquals("metrics", yaml.get(CONTAINER + "ports[0].name"));
        assertEquals(null, yaml.get(CONTAINER + "ports[1].name"), "one port");
        assertEquals("/healthz", yaml.get(CONTAINER + "livenessProbe.httpGet.path"));
        assertEquals("/readyz", yaml.get(CONTAINER + "readinessProbe.httpGet.path"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals("metrics", yaml.get(CONTAINER + probe + ".httpGet.port"), probe);
        }
        assertEquals("9089", yaml.get("doc[2].spec.template.metadata.annotations.prometheus.io/port"));
        assertEquals("127.0.0.1:9088", yaml.get("doc[1].data.XTCP_HTTP_LISTEN"), "the API stays on the pod's loopback");
        Map<String, String> env = env();
        assertEquals("status.podIP", env.get("POD_IP"));
        assertEquals("$(POD_IP):9089", env.get("XTCP_METRICS_LISTEN"), "kubelet expands $(POD_IP), defined before it");
        assertTrue(List.copyOf(env.keySet()).indexOf("POD_IP") >= 0);
    }

    /** The token is a file from a Secret, readable by the daemon only; never an environment value. */
    @Test
    void tokenComesFromASecretFile() {
        String file = yaml.get("doc[1].data.XTCP_HTTP_TOKEN_FILE");
        assertTrue(file != null && file.startsWith("/"), String.valueOf(file));
        String mount = null;
        for (int i = 0; yaml.containsKey(CONTAINER + "volumeMounts[" + i + "].name"); i++) {
            String path = yaml.get(CONTAINER + "volumeMounts[" + i + "].mountPath");
            if (file.startsWith(path + "/")) {
                mount = yaml.get(CONTAINER + "volumeMounts[" + i + "].name");
                assertEquals("True", yaml.get(CONTAINER + "volumeMounts[" + i + "].readOnly"));
            }
        }
        assertTrue(mount != null, "no volume holds " + file);
        for (int i = 0; yaml.containsKey(POD + "volumes[" + i + "].name"); i++) {
            if (yaml.get(POD + "volumes[" + i + "].name").equals(mount)) {
                assertEquals("xtcp-http-token", yaml.get(POD + "volumes[" + i + "].secret.secretName"));
                assertEquals("256", yaml.get(POD + "volumes[" + i + "].secret.defaultMode"), "0400");
                return;
            }
        }
        throw new AssertionError("volume " + mount + " is not declared");
    }

    /** The example NetworkPolicy selects the DaemonSet's pods and lets in only the metrics port. */
    @Test
    void networkPolicyAdmitsOnlyTheMetricsPort() throws Exception {
        Map<String, String> policy = paths("deploy/k8s/networkpolicy.yaml");
        assertEquals("NetworkPolicy", policy.get("doc[0].kind"));
        assertEquals(yaml.get("doc[2].metadata.namespace"), policy.get("doc[0].metadata.namespace"));
        assertEquals(yaml.get("doc[2].spec.selector.matchLabels.app.kubernetes.io/name"),
                policy.get("doc[0].spec.podSelector.matchLabels.app.kubernetes.io/name"));
        assertEquals("Ingress", policy.get("doc[0].spec.policyTypes[0]"));
        assertEquals("Egress", policy.get("doc[0].spec.policyTypes[1]"));
        List<String> ingressPorts = policy.entrySet().stream().filter(e -> e.getKey().matches("doc\\[0\\]\\.spec\\.ingress\\[\\d+\\]\\.ports\\[\\d+\\]\\.port"))
                .map(Map.Entry::getValue).collect(Collectors.toList());
        assertEquals(List.of(yaml.get(CONTAINER + "ports[0].containerPort")), ingressPorts);
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
        env().keySet().stream().filter(n -> !n.equals("POD_IP")).forEach(settings::add);
        assertTrue(settings.size() > 5, settings.toString());
        for (String var : settings) {
            assertTrue(var.startsWith("XTCP_"), var);
            String flag = var.substring(5).toLowerCase().replace('_', '-');
            assertTrue(flags.contains(flag), var + " names no `xtcp run` flag (" + flags + ")");
        }
    }
}
