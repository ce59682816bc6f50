package dev.microcomm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import dev.microcomm.deploy.Chart.Scenario;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The values matrix (src/test/resources/scenarios/*.yaml): for every scenario the chart lints with
 * --strict, renders, every rendered document is valid Kubernetes (fabric8's typed model with unknown
 * fields refused, plus the API's OpenAPI schemas), and every policy holds.
 */
class ChartMatrixTest {

    static Stream<Scenario> scenarios() throws IOException {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void lintsStrict(Scenario scenario) {
        LintResult result = Chart.lint(scenario);
        assertThat(result.isFailed()).as("helm lint --strict (%s): %s", scenario, result.getMessages()).isFalse();
        assertThat(result.getMessages()).as("lint messages").noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyRenderedDocumentIsValidKubernetes(Scenario scenario) {
        List<JsonNode> docs = Chart.render(scenario);
        assertThat(docs).as("rendered documents").hasSizeGreaterThan(10);
        List<String> problems = new ArrayList<>();
        for (JsonNode doc : docs) {
            problems.addAll(KubernetesSchema.problems(scenario.name(), doc));
        }
        assertThat(problems).as("schema problems").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyRenderedDocumentPassesTheKubernetesOpenApiSchemas(Scenario scenario) {
        assertThat(OpenApiSchema.problems(Chart.template(scenario, java.util.Map.of()))).as("OpenAPI problems").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyPolicyHolds(Scenario scenario) {
        assertThat(Policies.all(Chart.render(scenario))).as("policy violations in " + scenario).isEmpty();
    }
}
