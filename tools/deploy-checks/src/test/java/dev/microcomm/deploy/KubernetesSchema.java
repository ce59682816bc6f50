package dev.microcomm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Validates one Kubernetes document offline against the API's shape, three ways:
 * <ul>
 * <li>wrong types and unknown kinds: the document is mapped onto fabric8's typed model of the Kubernetes
 * API (generated from its OpenAPI), with string-to-number/boolean coercion switched off, as the API server
 * does;</li>
 * <li>unknown fields: fabric8 keeps them in {@code additionalProperties}; any non-empty one is an error
 * (the API server's strict field validation);</li>
 * <li>missing required fields: fabric8 does not know "required", so {@link #REQUIRED} lists the API's
 * required fields for every kind this project renders.</li>
 * </ul>
 */
final class KubernetesSchema {

    /** Only used to find the model class of an apiVersion/kind. */
    private static final KubernetesSerialization REGISTRY = new KubernetesSerialization();
    /**
     * A plain mapper, not fabric8's: its UnmatchedFieldTypeModule quietly accepts some type mismatches
     * (it coerced replicas: "2" to 2 when tried), which the API server would refuse.
     */
    private static final ObjectMapper STRICT = strictMapper();

    /**
     * Required fields per kind (from the Kubernetes OpenAPI "required" lists, plus what a workload needs to
     * run at all, e.g. a container image). Paths: dots for fields, [*] for every element of a list.
     */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "Deployment", withPodSpec("spec.template.spec", "spec.selector", "spec.template.metadata.labels"),
            "StatefulSet", withPodSpec("spec.template.spec", "spec.selector", "spec.template.metadata.labels",
                    "spec.serviceName", "spec.volumeClaimTemplates[*].metadata.name",
                    "spec.volumeClaimTemplates[*].spec.resources.requests.storage"),
            "Pod", withPodSpec("spec"),
            "Service", List.of("spec.ports", "spec.ports[*].port"),
            "NetworkPolicy", List.of("spec.podSelector", "spec.ingress[*].ports[*].port"),
            "PodDisruptionBudget", List.of("spec.selector"),
            "HorizontalPodAutoscaler", List.of("spec.scaleTargetRef.kind", "spec.scaleTargetRef.name",
                    "spec.maxReplicas", "spec.metrics[*].type"),
            "ConfigMap", List.of(),
            "Secret", List.of(),
            "ServiceAccount", List.of());

    private KubernetesSchema() {
    }

    private static List<String> withPodSpec(String podSpec, String... more) {
        List<String> paths = new ArrayList<>(List.of(more));
        for (String containers : List.of("containers", "initContainers")) {
            String c = podSpec + "." + containers + "[*]";
            paths.addAll(List.of(c + ".name", c + ".image", c + ".ports[*].containerPort", c + ".env[*].name",
                    c + ".env[*].valueFrom.secretKeyRef.key", c + ".volumeMounts[*].name",
                    c + ".volumeMounts[*].mountPath"));
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                paths.add(c + "." + probe + ".httpGet.port");
                paths.add(c + "." + probe + ".tcpSocket.port");
                paths.add(c + "." + probe + ".exec.command");
            }
        }
        paths.add(podSpec + ".containers");
        paths.add(podSpec + ".volumes[*].name");
        paths.add(podSpec + ".volumes[*].configMap.name");
        return paths;
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        // The API server refuses "3" for an integer and "true" for a boolean; so do we.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** Every problem of one document; empty when it is valid. {@code where} names it in the messages. */
    static List<String> problems(String where, JsonNode doc) {
        List<String> problems = new ArrayList<>();
        String kind = doc.path("kind").asText("");
        String name = doc.path("metadata").path("name").asText("");
        String id = where + " " + kind + "/" + name;
        if (kind.isEmpty() || doc.path("apiVersion").asText("").isEmpty() || name.isEmpty()) {
            problems.add(id + ": apiVersion, kind and metadata.name are required");
            return problems;
        }
        Class<? extends KubernetesResource> type = REGISTRY.getRegisteredKubernetesResource(doc.path("apiVersion").asText(), kind);
        if (type == null || GenericKubernetesResource.class.equals(type) || !HasMetadata.class.isAssignableFrom(type)) {
            problems.add(id + ": unknown kind " + doc.path("apiVersion").asText() + "/" + kind);
            return problems;
        }
        KubernetesResource resource;
        try {
            resource = STRICT.convertValue(doc, type);
        } catch (RuntimeException e) {
            problems.add(id + ": does not match the Kubernetes API schema: " + rootMessage(e));
            return problems;
        }
        unknownFields(resource, kind, problems, id);
        List<String> required = REQUIRED.get(kind);
        if (required == null) {
            problems.add(id + ": no required-field rules for kind " + kind + " (add them to KubernetesSchema.REQUIRED)");
        } else {
            for (String path : required) {
                missing(doc, path.split("\\."), 0, "", problems, id);
            }
        }
        return problems;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** A required path: [*] segments fan out over list elements; only present parents are checked. */
    private static void missing(JsonNode node, String[] segments, int i, String at, List<String> problems, String id) {
        if (i == segments.length) {
            return;
        }
        String segment = segments[i];
        boolean each = segment.endsWith("[*]");
        String field = each ? segment.substring(0, segment.length() - 3) : segment;
        JsonNode child = node.get(field);
        String here = at.isEmpty() ? field : at + "." + field;
        boolean last = i == segments.length - 1;
        if (child == null || child.isNull()) {
            // Optional parents: a missing list or object stops the walk; only the leaf is required.
            if (last) {
                problems.add(id + ": required field " + here + " is missing");
            }
            return;
        }
        if (last && (child.isArray() || child.isObject()) && child.isEmpty() && !each && !"podSelector".equals(field)
                && !"selector".equals(field)) {
            problems.add(id + ": required field " + here + " is empty");
            return;
        }
        if (each) {
            if (!child.isArray()) {
                return;
            }
            for (int n = 0; n < child.size(); n++) {
                missing(child.get(n), segments, i + 1, here + "[" + n + "]", problems, id);
            }
        } else {
            missing(child, segments, i + 1, here, problems, id);
        }
    }

    /** Walks fabric8's model: any non-empty additionalProperties is a field the API does not know. */
    private static void unknownFields(Object value, String path, List<String> problems, String id) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int n = 0;
            for (Object element : list) {
                unknownFields(element, path + "[" + n++ + "]", problems, id);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, id));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            if ("getAdditionalProperties".equals(getter.getName())) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(id + ": unknown field(s) " + extra.keySet() + " in " + path);
                }
            } else {
                String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
                unknownFields(child, path + "." + field, problems, id);
            }
        }
    }
}
