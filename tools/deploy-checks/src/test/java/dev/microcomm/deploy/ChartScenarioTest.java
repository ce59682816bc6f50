package dev.microcomm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microcomm.deploy.Chart.Scenario;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** What each scenario of the matrix must change in the rendered release, as an operator would check it. */
class ChartScenarioTest {

    private static final String PREFIX = Chart.RELEASE + "-";
    private static final List<String> SERVICES = List.of("user-service", "order-service", "email-service");
    private static final String OTLP_ENDPOINT = "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT";
    private static final String SAMPLER_ARG = "QUARKUS_OTEL_TRACES_SAMPLER_ARG";

    @Test
    void defaultsDeployTheThreeServicesAndTheBundledDependencies() {
        List<JsonNode> docs = Chart.render(Scenario.named("defaults"));

        assertThat(names(docs, "Deployment")).containsExactlyInAnyOrder(
                PREFIX + "user-service", PREFIX + "order-service", PREFIX + "email-service");
        assertThat(names(docs, "StatefulSet")).containsExactlyInAnyOrder(
                PREFIX + "postgresql", PREFIX + "rabbitmq", PREFIX + "kafka", PREFIX + "smtp");
        assertThat(names(docs, "Secret")).containsExactly(PREFIX + "credentials");
        assertThat(names(docs, "PodDisruptionBudget")).isEmpty();
        assertThat(names(docs, "HorizontalPodAutoscaler")).isEmpty();

        // The contract's ports: HTTP 8080 behind Service port 80, gRPC 50051 on a port named grpc.
        JsonNode userService = doc(docs, "Service", PREFIX + "user-service");
        assertThat(userService.path("spec").path("ports").toString())
                .contains("\"name\":\"http\",\"port\":80").contains("\"name\":\"grpc\",\"port\":50051");
        JsonNode userContainer = container(doc(docs, "Deployment", PREFIX + "user-service"));
        assertThat(userContainer.path("ports").toString())
                .contains("\"containerPort\":8080").contains("\"name\":\"grpc\",\"containerPort\":50051");
        assertThat(userContainer.path("image").asText()).isEqualTo("docker.io/microcomm/user-service:1.0.0-SNAPSHOT");

        // Services point at the bundled dependencies.
        assertThat(config(docs, "order-service"))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://microcomm-postgresql:5432/orders")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "microcomm-kafka:9092")
                .containsEntry("RABBITMQ_HOST", "microcomm-rabbitmq")
                .containsEntry("ORDER_USER_LOOKUP_MODE", "rest")
                .containsEntry("QUARKUS_REST_CLIENT_USER_SERVICE_URL", "http://microcomm-user-service");
        assertThat(config(docs, "email-service"))
                .containsEntry("QUARKUS_MAILER_HOST", "microcomm-smtp")
                .containsEntry("QUARKUS_MAILER_PORT", "1025")
                .containsEntry("QUARKUS_GRPC_CLIENTS_USERS_HOST", "microcomm-user-service");

        // Each bundled dependency keeps its data on a PersistentVolumeClaim.
        for (String dependency : List.of("postgresql", "rabbitmq", "kafka", "smtp")) {
            JsonNode sts = doc(docs, "StatefulSet", PREFIX + dependency);
            assertThat(sts.path("spec").path("volumeClaimTemplates")).as(dependency).hasSize(1);
            assertThat(container(sts).has("readinessProbe")).as(dependency + " readiness").isTrue();
        }

        // helm test hooks: readiness of every service, and a real user round trip.
        assertThat(names(docs, "Pod")).containsExactlyInAnyOrder(
                PREFIX + "test-readiness", PREFIX + "test-user-roundtrip");
        for (JsonNode pod : Policies.ofKind(docs, "Pod")) {
            assertThat(pod.path("metadata").path("annotations").path(Chart.HOOK_ANNOTATION).asText()).isEqualTo("test");
        }
        assertThat(doc(docs, "Secret", PREFIX + "credentials").path("metadata").path("annotations")
                .path(Chart.HOOK_ANNOTATION).asText()).isEqualTo("pre-install");
    }

    @Test
    void testPodsAndTheCredentialsSecretAreHooksNotReleaseResources() {
        // Rendered from the chart as it is, the hooks are not part of the release manifest: the test pods
        // run only on `helm test`, the Secret only at install (so an upgrade never rotates a password).
        List<JsonNode> manifest = Yaml.documents(Chart.templateWithoutHooks(Scenario.named("defaults"), Map.of()));

        assertThat(names(manifest, "Pod")).isEmpty();
        assertThat(names(manifest, "Secret")).isEmpty();
        assertThat(names(manifest, "Deployment")).hasSize(3);
    }

    @Test
    void networkPoliciesOpenExactlyTheContractsPaths() {
        List<JsonNode> docs = Chart.render(Scenario.named("defaults"));

        JsonNode deny = doc(docs, "NetworkPolicy", PREFIX + "default-deny-ingress");
        assertThat(deny.path("spec").path("policyTypes").toString()).isEqualTo("[\"Ingress\"]");
        assertThat(deny.path("spec").has("ingress")).as("deny-all has no ingress rule").isFalse();
        assertThat(deny.path("spec").path("podSelector").path("matchLabels").path("app.kubernetes.io/instance").asText())
                .isEqualTo(Chart.RELEASE);

        // gRPC: email-service always; order-service only in grpc lookup mode (REST by default).
        assertThat(allowedFrom(doc(docs, "NetworkPolicy", PREFIX + "user-service-grpc")))
                .containsExactly("email-service");
        assertThat(allowedFrom(doc(docs, "NetworkPolicy", PREFIX + "postgresql")))
                .containsExactlyInAnyOrder("user-service", "order-service", "email-service");
        assertThat(allowedFrom(doc(docs, "NetworkPolicy", PREFIX + "rabbitmq")))
                .containsExactlyInAnyOrder("order-service", "email-service");
        assertThat(allowedFrom(doc(docs, "NetworkPolicy", PREFIX + "kafka")))
                .containsExactlyInAnyOrder("order-service", "email-service");
        assertThat(allowedFrom(doc(docs, "NetworkPolicy", PREFIX + "smtp"))).containsExactly("email-service");
        // Public APIs open on their HTTP port to anyone by default (no `from`).
        JsonNode publicHttp = doc(docs, "NetworkPolicy", PREFIX + "order-service-http");
        assertThat(publicHttp.path("spec").path("ingress").get(0).has("from")).isFalse();
        assertThat(publicHttp.path("spec").path("ingress").get(0).path("ports").get(0).path("port").asText()).isEqualTo("http");
    }

    @Test
    void grpcLookupConfiguresOrderServiceAndOpensGrpcToIt() {
        List<JsonNode> docs = Chart.render(Scenario.named("grpc-lookup"));

        assertThat(config(docs, "order-service"))
                .containsEntry("ORDER_USER_LOOKUP_MODE", "grpc")
                .containsEntry("QUARKUS_GRPC_CLIENTS_USER_SERVICE_HOST", "microcomm-user-service")
                .containsEntry("QUARKUS_GRPC_CLIENTS_USER_SERVICE_PORT", "50051");
        assertThat(allowedFrom(doc(docs, "NetworkPolicy", PREFIX + "user-service-grpc")))
                .containsExactlyInAnyOrder("order-service", "email-service");
    }

    @Test
    void externalDependenciesReplaceTheBundledOnes() {
        List<JsonNode> docs = Chart.render(Scenario.named("external-dependencies"));

        assertThat(names(docs, "StatefulSet")).isEmpty();
        assertThat(names(docs, "NetworkPolicy")).noneMatch(n -> n.endsWith("postgresql") || n.endsWith("kafka")
                || n.endsWith("rabbitmq") || n.endsWith("smtp"));
        assertThat(config(docs, "user-service"))
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db.example.internal:5432/users");
        assertThat(config(docs, "order-service"))
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka-0.example.internal:9092,kafka-1.example.internal:9092")
                .containsEntry("RABBITMQ_HOST", "mq.example.internal")
                .containsEntry("RABBITMQ_PORT", "5671")
                .containsEntry("RABBITMQ_VIRTUAL_HOST", "microcomm");
        assertThat(config(docs, "email-service"))
                .containsEntry("QUARKUS_MAILER_HOST", "smtp.example.com")
                .containsEntry("QUARKUS_MAILER_PORT", "465")
                .containsEntry("QUARKUS_MAILER_TLS", "true");
    }

    @Test
    void turningTheKafkaTransportOffRemovesKafkaEverywhere() {
        List<JsonNode> docs = Chart.render(Scenario.named("kafka-off"));

        assertThat(names(docs, "StatefulSet")).doesNotContain(PREFIX + "kafka");
        assertThat(names(docs, "NetworkPolicy")).doesNotContain(PREFIX + "kafka");
        assertThat(config(docs, "order-service")).doesNotContainKey("KAFKA_BOOTSTRAP_SERVERS")
                .containsEntry("ORDER_TRANSPORTS_KAFKA_ENABLED", "false");
        assertThat(config(docs, "email-service")).doesNotContainKey("KAFKA_BOOTSTRAP_SERVERS")
                .containsEntry("EMAIL_TRANSPORTS_KAFKA_ENABLED", "false")
                .containsEntry("EMAIL_TRANSPORTS_RABBITMQ_ENABLED", "true");
    }

    @Test
    void turningTheRabbitmqTransportOffRemovesRabbitmqAndItsCredentials() {
        List<JsonNode> docs = Chart.render(Scenario.named("rabbitmq-off"));

        assertThat(names(docs, "StatefulSet")).doesNotContain(PREFIX + "rabbitmq");
        assertThat(config(docs, "email-service")).doesNotContainKey("RABBITMQ_HOST")
                .containsEntry("EMAIL_TRANSPORTS_RABBITMQ_ENABLED", "false");
        assertThat(envNames(container(doc(docs, "Deployment", PREFIX + "order-service"))))
                .doesNotContain("RABBITMQ_USERNAME", "RABBITMQ_PASSWORD");
    }

    @Test
    void replicasWithAutoscalersGetDisruptionBudgets() {
        List<JsonNode> docs = Chart.render(Scenario.named("replicas-hpa"));

        for (String service : List.of("user-service", "order-service", "email-service")) {
            JsonNode hpa = doc(docs, "HorizontalPodAutoscaler", PREFIX + service);
            assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(PREFIX + service);
            assertThat(hpa.path("spec").path("minReplicas").asInt()).isEqualTo(3);
            JsonNode pdb = doc(docs, "PodDisruptionBudget", PREFIX + service);
            assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
            assertThat(pdb.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                    .isEqualTo(service);
            // The HPA owns the replica count; a fixed one would fight it on every upgrade.
            assertThat(doc(docs, "Deployment", PREFIX + service).path("spec").has("replicas")).isFalse();
        }
    }

    @Test
    void replicasAboveOneWithoutAutoscalerStillGetADisruptionBudget() {
        List<JsonNode> docs = Yaml.documents(Chart.template(Scenario.named("defaults"), Map.of("orderService.replicas", 2)));

        assertThat(names(docs, "PodDisruptionBudget")).containsExactly(PREFIX + "order-service");
        assertThat(doc(docs, "Deployment", PREFIX + "order-service").path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void existingSecretIsReferencedAndNoSecretIsRendered() {
        List<JsonNode> docs = Chart.render(Scenario.named("existing-secret"));

        assertThat(names(docs, "Secret")).isEmpty();
        List<String> refs = docs.stream().flatMap(d -> StreamSupport.stream(d.findValues("secretKeyRef").spliterator(), false))
                .map(ref -> ref.path("name").asText()).distinct().toList();
        assertThat(refs).containsExactly("shop-credentials");
    }

    @Test
    void productionValuesUseTheRegistryAndRestrictThePublicApis() {
        List<JsonNode> docs = Chart.render(Scenario.named("production"));

        JsonNode order = doc(docs, "Deployment", PREFIX + "order-service");
        assertThat(container(order).path("image").asText()).isEqualTo("registry.example.com/microcomm/order-service:1.0.0");
        assertThat(order.path("spec").path("template").path("spec").path("imagePullSecrets").toString())
                .contains("registry-credentials");
        JsonNode userHttp = doc(docs, "NetworkPolicy", PREFIX + "user-service-http");
        String from = userHttp.path("spec").path("ingress").get(0).path("from").toString();
        assertThat(from).contains("ingress-nginx").contains("order-service").contains("helm-test");
        assertThat(names(docs, "PodDisruptionBudget")).containsExactlyInAnyOrder(
                PREFIX + "user-service", PREFIX + "order-service", PREFIX + "email-service");
    }

    @Test
    void tracingExportsNothingByDefault() {
        List<JsonNode> docs = Chart.render(Scenario.named("defaults"));

        // The services' own defaults (ratio 0, no endpoint) apply: no OTel setting in any ConfigMap.
        assertThat(names(docs, "ConfigMap")).hasSizeGreaterThanOrEqualTo(SERVICES.size());
        for (JsonNode configMap : Policies.ofKind(docs, "ConfigMap")) {
            assertThat(configMap.path("data").fieldNames()).toIterable().as(configMap.path("metadata").path("name").asText())
                    .noneMatch(key -> key.startsWith("QUARKUS_OTEL_"));
        }
    }

    @Test
    void tracingSendsTheSpansOfAllThreeServicesToTheCollector() {
        List<JsonNode> docs = Chart.render(Scenario.named("tracing"));

        for (String service : SERVICES) {
            assertThat(config(docs, service)).as(service)
                    .containsEntry(OTLP_ENDPOINT, "http://otel-collector.observability:4317")
                    .containsEntry(SAMPLER_ARG, "0.25");
        }
    }

    @Test
    void tracingSamplesEveryTraceUnlessTheRatioIsLowered() {
        Scenario defaults = Scenario.named("defaults");

        // Only the endpoint: sampleRatio's default 1.0, i.e. every trace.
        List<JsonNode> all = Yaml.documents(Chart.template(defaults, Map.of("tracing.otlpEndpoint", "https://otel.example.com")));
        for (String service : SERVICES) {
            Map<String, String> env = config(all, service);
            assertThat(env).as(service).containsEntry(OTLP_ENDPOINT, "https://otel.example.com");
            assertThat(Double.parseDouble(env.get(SAMPLER_ARG))).as(service).isEqualTo(1.0);
        }
        // --set tracing.sampleRatio=0.1 (Helm's --set hands decimals over as strings).
        List<JsonNode> tenth = Yaml.documents(Chart.template(defaults,
                Map.of("tracing.otlpEndpoint", "https://otel.example.com", "tracing.sampleRatio", "0.1")));
        for (String service : SERVICES) {
            assertThat(config(tenth, service)).as(service).containsEntry(SAMPLER_ARG, "0.1");
        }
        // A ratio without an endpoint exports nothing, so it sets nothing.
        List<JsonNode> noEndpoint = Yaml.documents(Chart.template(defaults, Map.of("tracing.sampleRatio", "0.5")));
        for (String service : SERVICES) {
            assertThat(config(noEndpoint, service)).as(service).doesNotContainKeys(OTLP_ENDPOINT, SAMPLER_ARG);
        }
    }

    @Test
    void extraEnvStillOverridesTheTracingSettings() {
        List<JsonNode> docs = Yaml.documents(Chart.template(Scenario.named("tracing"),
                Map.of("userService.extraEnv." + SAMPLER_ARG, "0.01")));

        assertThat(config(docs, "user-service")).containsEntry(SAMPLER_ARG, "0.01")
                .containsEntry(OTLP_ENDPOINT, "http://otel-collector.observability:4317");
        assertThat(config(docs, "order-service")).containsEntry(SAMPLER_ARG, "0.25");
        assertThat(config(docs, "email-service")).containsEntry(SAMPLER_ARG, "0.25");
    }

    @Test
    void networkPoliciesLeaveTheWayToTheCollectorOpen() {
        // The NetworkPolicies restrict ingress only. A policy listing Egress would isolate the pods it
        // selects for egress: DNS, the database, the brokers and SMTP would be cut off along with
        // anything it does not name. So the collector (any namespace, any port) is reachable because
        // no policy selecting a service restricts egress, with tracing on as with tracing off.
        List<JsonNode> tracing = Chart.render(Scenario.named("tracing"));
        List<JsonNode> off = Chart.render(Scenario.named("defaults"));

        assertThat(names(tracing, "NetworkPolicy")).as("NetworkPolicies are on").isNotEmpty();
        assertThat(Policies.ofKind(tracing, "NetworkPolicy")).as("tracing changes no NetworkPolicy")
                .isEqualTo(Policies.ofKind(off, "NetworkPolicy"));
        for (List<JsonNode> docs : List.of(tracing, off)) {
            for (String service : SERVICES) {
                Policies.PodTemplate pods = Policies.podTemplates(docs).stream()
                        .filter(t -> t.owner().equals("Deployment/" + PREFIX + service)).findFirst().orElseThrow();
                List<JsonNode> selecting = Policies.ofKind(docs, "NetworkPolicy").stream()
                        .filter(p -> pods.matches(p.path("spec").path("podSelector").path("matchLabels"))).toList();
                assertThat(selecting).as("policies selecting " + service).isNotEmpty();
                for (JsonNode policy : selecting) {
                    assertThat(policy.path("spec").path("policyTypes").toString())
                            .as(policy.path("metadata").path("name").asText() + " must not isolate " + service + " for egress")
                            .doesNotContain("Egress");
                    assertThat(policy.path("spec").has("egress")).isFalse();
                }
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    static List<String> names(List<JsonNode> docs, String kind) {
        return Policies.ofKind(docs, kind).stream().map(d -> d.path("metadata").path("name").asText()).toList();
    }

    static JsonNode doc(List<JsonNode> docs, String kind, String name) {
        Optional<JsonNode> found = Policies.ofKind(docs, kind).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
        assertThat(found).as(kind + "/" + name + " among " + names(docs, kind)).isPresent();
        return found.get();
    }

    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> config(List<JsonNode> docs, String service) {
        return Yaml.mapper().convertValue(doc(docs, "ConfigMap", PREFIX + service).path("data"), Map.class);
    }

    static List<String> envNames(JsonNode container) {
        return StreamSupport.stream(container.path("env").spliterator(), false).map(e -> e.path("name").asText()).toList();
    }

    static List<String> allowedFrom(JsonNode policy) {
        return StreamSupport.stream(policy.path("spec").path("ingress").spliterator(), false)
                .flatMap(rule -> StreamSupport.stream(rule.path("from").spliterator(), false))
                .map(peer -> peer.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .toList();
    }
}
