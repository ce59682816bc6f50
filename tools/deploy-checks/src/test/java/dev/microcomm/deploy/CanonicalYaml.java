package dev.microcomm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A canonical text for a set of Kubernetes documents. quarkus-kubernetes is not byte-reproducible: the
 * order of ports and of labels changes from build to build (its decorators run in hash order), while the
 * meaning does not. The committed k8s/ files are therefore this canonical form of the build output: keys
 * sorted, lists whose order carries no meaning (ports, env, volumes, mounts) sorted by name, documents
 * sorted by kind and name. Equal meaning gives equal text, so `make k8s` leaves no diff.
 */
final class CanonicalYaml {

    /** Lists whose element order means nothing to Kubernetes. (env would, for $(VAR) references: none here.) */
    private static final Set<String> UNORDERED_LISTS = Set.of("ports", "env", "envFrom", "volumes", "volumeMounts");

    private static final YAMLMapper WRITER = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "8080" stays a string: an env value written as 8080 would be a number, which the API refuses.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private CanonicalYaml() {
    }

    static String of(String yaml) {
        List<JsonNode> docs = new ArrayList<>(Yaml.documents(yaml).stream().map(CanonicalYaml::sorted).toList());
        docs.sort(Comparator.comparing((JsonNode d) -> d.path("kind").asText())
                .thenComparing(d -> d.path("metadata").path("name").asText()));
        StringBuilder out = new StringBuilder();
        for (JsonNode doc : docs) {
            try {
                out.append(WRITER.writeValueAsString(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private static JsonNode sorted(JsonNode node) {
        return sorted(node, "");
    }

    private static JsonNode sorted(JsonNode node, String field) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue(), e.getKey())));
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            fields.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(element -> elements.add(sorted(element, "")));
            if (UNORDERED_LISTS.contains(field)) {
                elements.sort(Comparator.comparing(CanonicalYaml::sortKey));
            }
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            elements.forEach(result::add);
            return result;
        }
        return node;
    }

    private static String sortKey(JsonNode element) {
        return element.has("name") ? element.path("name").asText() + "\u0000" + element : element.toString();
    }
}
