package dev.microcomm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microcomm.deploy.Chart.Scenario;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * values.schema.json: Helm validates the values against it on install, upgrade, lint and template, so a
 * typo or a wrong type fails before anything reaches the cluster. Each refusal is paired with the valid
 * spelling being accepted, so that a refusal for an unrelated reason cannot pass for the right one.
 */
class ValuesSchemaTest {

    private static final Scenario DEFAULTS = Scenario.named("defaults");

    @Test
    void aMisspelledKeyIsRejected() {
        assertThat(Chart.template(DEFAULTS, Map.of("userService.replicas", 2))).contains("kind: Deployment");

        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("userService.replica", 2)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replica");
    }

    @Test
    void aMisspelledTopLevelKeyIsRejected() {
        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("networkPolicies.enabled", false)))
                .hasMessageContaining("networkPolicies");
    }

    @Test
    void aWrongTypeIsRejected() {
        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("userService.replicas", "three")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("networkPolicy.enabled", "maybe")))
                .hasMessageContaining("networkPolicy");
    }

    @Test
    void anUnknownLookupModeIsRejected() {
        assertThat(Chart.template(DEFAULTS, Map.of("orderService.userLookup", "grpc"))).contains("ORDER_USER_LOOKUP_MODE: \"grpc\"");

        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("orderService.userLookup", "soap")))
                .hasMessageContaining("userLookup");
    }

    @Test
    void theLatestTagIsRejected() {
        assertThat(Chart.template(DEFAULTS, Map.of("userService.image.tag", "1.2.3"))).contains("user-service:1.2.3");

        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("userService.image.tag", "latest")))
                .hasMessageContaining("tag");
    }

    @Test
    void aTracingEndpointWithoutSchemeIsRejected() {
        assertThat(Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", "http://collector:4317")))
                .contains("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT: \"http://collector:4317\"");
        assertThat(Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", "https://collector.example.com")))
                .contains("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT: \"https://collector.example.com\"");

        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", "collector:4317")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("otlpEndpoint");
        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", "grpc://collector:4317")))
                .hasMessageContaining("otlpEndpoint");
    }

    @Test
    void aSampleRatioOutsideZeroToOneIsRejected() {
        String endpoint = "http://collector:4317";
        assertThat(Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", endpoint, "tracing.sampleRatio", 1)))
                .contains("QUARKUS_OTEL_TRACES_SAMPLER_ARG: \"1\"");
        // `--set tracing.sampleRatio=0.5` hands the decimal over as a string: accepted as such.
        assertThat(Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", endpoint, "tracing.sampleRatio", "0.5")))
                .contains("QUARKUS_OTEL_TRACES_SAMPLER_ARG: \"0.5\"");

        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", endpoint, "tracing.sampleRatio", 2)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("sampleRatio");
        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", endpoint, "tracing.sampleRatio", "1.5")))
                .hasMessageContaining("sampleRatio");
        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("tracing.otlpEndpoint", endpoint, "tracing.sampleRatio", "-0.1")))
                .hasMessageContaining("sampleRatio");
    }

    @Test
    void anExternalDependencyWithoutAddressIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> Chart.template(DEFAULTS, Map.of("bundled.postgresql.enabled", false)))
                .hasMessageContaining("external.postgresql.host is required");
        assertThat(Chart.template(DEFAULTS, Map.of("bundled.postgresql.enabled", false, "external.postgresql.host", "db")))
                .contains("jdbc:postgresql://db:5432/users");
    }
}
