package dev.microcomm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Policy rules over a set of rendered documents (one release, or one k8s/ file). Each method returns the
 * violations it found, as readable sentences; empty means the rule holds.
 */
final class Policies {

    /** Containers allowed a writable root filesystem, and why (see helm/README.md). */
    static final Map<String, String> WRITABLE_ROOT_ALLOWED = Map.of(
            "kafka", "the apache/kafka image writes its server.properties from KAFKA_* variables at start");

    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "Pod");
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i).*(PASSWORD|PASSWD|PASS$|SECRET|TOKEN|USERNAME|_USER$|API_?KEY).*");

    private Policies() {
    }

    /** A pod template with the labels it carries, the kind/name that owns it, and its pod spec. */
    record PodTemplate(String owner, String kind, JsonNode labels, JsonNode spec) {

        List<JsonNode> containers() {
            List<JsonNode> all = new ArrayList<>();
            spec.path("containers").forEach(all::add);
            spec.path("initContainers").forEach(all::add);
            return all;
        }

        boolean matches(JsonNode matchLabels) {
            var it = matchLabels.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    return false;
                }
            }
            return true;
        }

        boolean hasPort(JsonNode port) {
            for (JsonNode c : containers()) {
                for (JsonNode p : c.path("ports")) {
                    if (port.isInt() ? p.path("containerPort").asInt() == port.asInt()
                            : port.asText().equals(p.path("name").asText())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    static List<PodTemplate> podTemplates(List<JsonNode> docs) {
        List<PodTemplate> templates = new ArrayList<>();
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            String owner = kind + "/" + doc.path("metadata").path("name").asText();
            if ("Pod".equals(kind)) {
                templates.add(new PodTemplate(owner, kind, doc.path("metadata").path("labels"), doc.path("spec")));
            } else if (WORKLOADS.contains(kind)) {
                JsonNode template = doc.path("spec").path("template");
                templates.add(new PodTemplate(owner, kind, template.path("metadata").path("labels"), template.path("spec")));
            }
        }
        return templates;
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    /** Long-running workloads (not one-shot test pods) need startup, readiness and liveness probes. */
    static List<String> probes(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        for (PodTemplate t : podTemplates(docs)) {
            if ("Pod".equals(t.kind()) || "Job".equals(t.kind())) {
                continue;
            }
            for (JsonNode c : t.spec().path("containers")) {
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    if (c.path(probe).isMissingNode() || c.path(probe).isEmpty()) {
                        violations.add(t.owner() + " container " + c.path("name").asText() + " has no " + probe);
                    }
                }
            }
        }
        return violations;
    }

    /** Every container, test pods included, declares CPU and memory requests and limits. */
    static List<String> resources(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        for (PodTemplate t : podTemplates(docs)) {
            for (JsonNode c : t.containers()) {
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (c.path("resources").path(bound).path(resource).asText("").isEmpty()) {
                            violations.add(t.owner() + " container " + c.path("name").asText() + " has no "
                                    + bound + "." + resource);
                        }
                    }
                }
            }
        }
        return violations;
    }

    /**
     * The hardened securityContext: non-root, no privilege escalation, all capabilities dropped, seccomp
     * RuntimeDefault, read-only root filesystem (except {@link #WRITABLE_ROOT_ALLOWED}) with a writable
     * emptyDir /tmp.
     */
    static List<String> hardening(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        for (PodTemplate t : podTemplates(docs)) {
            JsonNode pod = t.spec().path("securityContext");
            for (JsonNode c : t.containers()) {
                String who = t.owner() + " container " + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                if (!sc.path("runAsNonRoot").asBoolean(pod.path("runAsNonRoot").asBoolean(false))) {
                    violations.add(who + " may run as root (runAsNonRoot is not true)");
                }
                if (sc.path("runAsUser").asInt(pod.path("runAsUser").asInt(-1)) == 0) {
                    violations.add(who + " runs as UID 0");
                }
                if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                    violations.add(who + " does not set allowPrivilegeEscalation: false");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    violations.add(who + " is privileged");
                }
                boolean dropsAll = StreamSupport.stream(sc.path("capabilities").path("drop").spliterator(), false)
                        .anyMatch(d -> "ALL".equals(d.asText()));
                if (!dropsAll || !sc.path("capabilities").path("add").isEmpty()) {
                    violations.add(who + " does not drop ALL capabilities (and add none)");
                }
                String seccomp = sc.path("seccompProfile").path("type").asText(pod.path("seccompProfile").path("type").asText(""));
                if (!"RuntimeDefault".equals(seccomp)) {
                    violations.add(who + " has seccompProfile '" + seccomp + "', expected RuntimeDefault");
                }
                String name = c.path("name").asText();
                if (!sc.path("readOnlyRootFilesystem").asBoolean(false) && !WRITABLE_ROOT_ALLOWED.containsKey(name)) {
                    violations.add(who + " has a writable root filesystem");
                }
                if (sc.path("readOnlyRootFilesystem").asBoolean(false) && !"Pod".equals(t.kind()) && !mountsEmptyDirTmp(t, c)) {
                    violations.add(who + " has a read-only root filesystem but no emptyDir mounted at /tmp");
                }
            }
        }
        return violations;
    }

    private static boolean mountsEmptyDirTmp(PodTemplate t, JsonNode container) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                for (JsonNode volume : t.spec().path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Images carry an explicit tag that is not `latest` (a digest is fine too). */
    static List<String> imageTags(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        for (PodTemplate t : podTemplates(docs)) {
            for (JsonNode c : t.containers()) {
                String image = c.path("image").asText();
                String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
                if (image.contains("@sha256:")) {
                    continue;
                }
                if (!afterRegistry.contains(":")) {
                    violations.add(t.owner() + " image " + image + " has no tag");
                } else if (afterRegistry.endsWith(":latest")) {
                    violations.add(t.owner() + " image " + image + " uses the latest tag");
                }
            }
        }
        return violations;
    }

    /**
     * No credential in plain text: Secrets use base64 {@code data} only, credential-like env vars come
     * from secretKeyRefs, and no ConfigMap key looks like a credential.
     */
    static List<String> noPlainTextSecrets(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        for (JsonNode secret : ofKind(docs, "Secret")) {
            if (secret.has("stringData")) {
                violations.add("Secret/" + secret.path("metadata").path("name").asText() + " uses plain-text stringData");
            }
        }
        for (JsonNode configMap : ofKind(docs, "ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(key -> {
                if (CREDENTIAL_NAME.matcher(key).matches()) {
                    violations.add("ConfigMap/" + configMap.path("metadata").path("name").asText() + " holds credential-like key " + key);
                }
            });
        }
        for (PodTemplate t : podTemplates(docs)) {
            for (JsonNode c : t.containers()) {
                for (JsonNode env : c.path("env")) {
                    if (CREDENTIAL_NAME.matcher(env.path("name").asText()).matches() && env.has("value")) {
                        violations.add(t.owner() + " sets credential-like " + env.path("name").asText() + " as a literal value");
                    }
                }
            }
        }
        return violations;
    }

    /** Every Service selects at least one pod template, and each of its target ports exists there. */
    static List<String> serviceSelectors(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        List<PodTemplate> templates = podTemplates(docs);
        for (JsonNode service : ofKind(docs, "Service")) {
            String name = "Service/" + service.path("metadata").path("name").asText();
            JsonNode selector = service.path("spec").path("selector");
            if (selector.isEmpty()) {
                violations.add(name + " has no selector");
                continue;
            }
            List<PodTemplate> selected = templates.stream().filter(t -> !"Pod".equals(t.kind()) && t.matches(selector)).toList();
            if (selected.isEmpty()) {
                violations.add(name + " selects no pod template (selector " + selector + ")");
                continue;
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                for (PodTemplate t : selected) {
                    if (!t.hasPort(target)) {
                        violations.add(name + " targets port " + target.asText() + " that " + t.owner() + " does not expose");
                    }
                }
            }
        }
        for (JsonNode workload : docs) {
            String kind = workload.path("kind").asText();
            if (Set.of("Deployment", "StatefulSet").contains(kind)) {
                JsonNode matchLabels = workload.path("spec").path("selector").path("matchLabels");
                PodTemplate own = podTemplates(List.of(workload)).get(0);
                if (matchLabels.isEmpty() || !own.matches(matchLabels)) {
                    violations.add(own.owner() + " selector " + matchLabels + " does not match its own pod template");
                }
            }
        }
        return violations;
    }

    /**
     * NetworkPolicies: each selects pods that exist, each allowed port exists on every selected pod, and
     * every pod-selector peer selects pods that exist.
     */
    static List<String> networkPolicyPorts(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        List<PodTemplate> templates = podTemplates(docs);
        for (JsonNode policy : ofKind(docs, "NetworkPolicy")) {
            String name = "NetworkPolicy/" + policy.path("metadata").path("name").asText();
            JsonNode podSelector = policy.path("spec").path("podSelector").path("matchLabels");
            List<PodTemplate> selected = templates.stream().filter(t -> t.matches(podSelector)).toList();
            if (selected.isEmpty()) {
                violations.add(name + " selects no pod");
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                for (JsonNode port : rule.path("ports")) {
                    for (PodTemplate t : selected) {
                        if (!t.hasPort(port.path("port"))) {
                            violations.add(name + " allows port " + port.path("port").asText() + " that "
                                    + t.owner() + " does not expose");
                        }
                    }
                }
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("podSelector") && !peer.has("namespaceSelector")
                            && templates.stream().noneMatch(t -> t.matches(peer.path("podSelector").path("matchLabels")))) {
                        violations.add(name + " allows traffic from " + peer.path("podSelector") + ", which selects no pod");
                    }
                }
            }
        }
        return violations;
    }

    /** Stateful data lives on PersistentVolumeClaims: every StatefulSet has volumeClaimTemplates and mounts them. */
    static List<String> persistentData(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        for (JsonNode sts : ofKind(docs, "StatefulSet")) {
            String name = "StatefulSet/" + sts.path("metadata").path("name").asText();
            Set<String> claims = new HashSet<>();
            sts.path("spec").path("volumeClaimTemplates").forEach(v -> claims.add(v.path("metadata").path("name").asText()));
            if (claims.isEmpty()) {
                violations.add(name + " has no volumeClaimTemplates");
            }
            boolean mounted = false;
            for (JsonNode c : sts.path("spec").path("template").path("spec").path("containers")) {
                for (JsonNode m : c.path("volumeMounts")) {
                    mounted |= claims.contains(m.path("name").asText());
                }
            }
            if (!mounted) {
                violations.add(name + " mounts none of its PersistentVolumeClaims");
            }
            for (JsonNode v : sts.path("spec").path("template").path("spec").path("volumes")) {
                if (claims.contains(v.path("name").asText())) {
                    violations.add(name + " shadows its claim " + v.path("name").asText() + " with a pod volume");
                }
            }
        }
        return violations;
    }

    /** Every rule at once, for a whole rendering. */
    static List<String> all(List<JsonNode> docs) {
        List<String> violations = new ArrayList<>();
        violations.addAll(probes(docs));
        violations.addAll(resources(docs));
        violations.addAll(hardening(docs));
        violations.addAll(imageTags(docs));
        violations.addAll(noPlainTextSecrets(docs));
        violations.addAll(serviceSelectors(docs));
        violations.addAll(networkPolicyPorts(docs));
        violations.addAll(persistentData(docs));
        return violations;
    }
}
