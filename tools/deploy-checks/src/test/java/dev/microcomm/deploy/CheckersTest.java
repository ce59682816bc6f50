package dev.microcomm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checkers themselves: each one is fed a document with exactly one defect and must report it, and a
 * correct document must pass. Without this, an empty violations list could just mean a blind checker.
 */
class CheckersTest {

    private static final String GOOD_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  securityContext: {runAsNonRoot: true, runAsUser: 185, seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: web
                      image: example/web:1.0.0
                      ports: [{name: http, containerPort: 8080}]
                      env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: creds, key: password}}}]
                      startupProbe: {httpGet: {path: /q/health/started, port: http}}
                      readinessProbe: {httpGet: {path: /q/health/ready, port: http}}
                      livenessProbe: {httpGet: {path: /q/health/live, port: http}}
                      resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: "1", memory: 256Mi}}
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities: {drop: [ALL]}
                      volumeMounts: [{name: tmp, mountPath: /tmp}]
                  volumes: [{name: tmp, emptyDir: {}}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: http}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress]
              ingress: [{ports: [{port: http}]}]
            """;

    private static List<String> schema(String yaml) {
        return Yaml.documents(yaml).stream().flatMap(d -> KubernetesSchema.problems("test", d).stream()).toList();
    }

    private static List<JsonNode> docs(String yaml) {
        return Yaml.documents(yaml);
    }

    @Test
    void aCorrectReleasePassesEveryCheck() {
        assertThat(schema(GOOD_DEPLOYMENT)).isEmpty();
        assertThat(Policies.all(docs(GOOD_DEPLOYMENT))).isEmpty();
    }

    @Test
    void schemaRejectsAnUnknownField() {
        assertThat(schema(GOOD_DEPLOYMENT.replace("replicas: 2", "replicas: 2\n  replica: 2")))
                .singleElement().asString().contains("unknown field(s) [replica]");
        assertThat(schema(GOOD_DEPLOYMENT.replace("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true")))
                .singleElement().asString().contains("readOnlyRootFileSystem");
    }

    @Test
    void schemaRejectsAWrongType() {
        assertThat(schema(GOOD_DEPLOYMENT.replace("replicas: 2", "replicas: two"))).singleElement().asString()
                .contains("does not match the Kubernetes API schema");
        assertThat(schema(GOOD_DEPLOYMENT.replace("replicas: 2", "replicas: \"2\""))).singleElement().asString()
                .contains("does not match the Kubernetes API schema");
        assertThat(schema(GOOD_DEPLOYMENT.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: \"no\"")))
                .singleElement().asString().contains("does not match the Kubernetes API schema");
    }

    @Test
    void schemaRejectsMissingRequiredFields() {
        assertThat(schema(GOOD_DEPLOYMENT.replace("image: example/web:1.0.0", "imagePullPolicy: Always")))
                .singleElement().asString().contains("required field spec.template.spec.containers[0].image is missing");
        assertThat(schema(GOOD_DEPLOYMENT.replace("ports: [{name: http, port: 80, targetPort: http}]",
                "ports: [{name: http, targetPort: http}]")))
                .singleElement().asString().contains("spec.ports[0].port is missing");
        assertThat(schema(GOOD_DEPLOYMENT.replace("  selector: {matchLabels: {app: web}}\n", "")))
                .singleElement().asString().contains("spec.selector is missing");
    }

    @Test
    void openApiSchemasRejectMissingRequiredFieldsAndWrongTypes() {
        assertThat(OpenApiSchema.problems(GOOD_DEPLOYMENT)).isEmpty();
        assertThat(OpenApiSchema.problems(GOOD_DEPLOYMENT.replace("  selector: {matchLabels: {app: web}}\n", "")))
                .singleElement().asString().contains("Deployment/web").contains("selector");
        assertThat(OpenApiSchema.problems(GOOD_DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")))
                .singleElement().asString().contains("replicas must be integer");
        assertThat(OpenApiSchema.problems(GOOD_DEPLOYMENT.replace("name: http, port: 80,", "name: http,")))
                .singleElement().asString().contains("Service/web").contains("port");
        assertThat(OpenApiSchema.problems("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n"))
                .singleElement().asString().contains("unknown apiVersion/kind");
    }

    @Test
    void schemaRejectsAnUnknownKind() {
        assertThat(schema("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n"))
                .singleElement().asString().contains("unknown kind");
    }

    @Test
    void policiesCatchAMissingProbe() {
        assertThat(Policies.probes(docs(GOOD_DEPLOYMENT.replace("startupProbe:", "# startupProbe:"))))
                .singleElement().asString().contains("has no startupProbe");
    }

    @Test
    void policiesCatchMissingLimits() {
        assertThat(Policies.resources(docs(GOOD_DEPLOYMENT.replace(", limits: {cpu: \"1\", memory: 256Mi}", ""))))
                .hasSize(2).allMatch(v -> v.contains("limits"));
    }

    @Test
    void policiesCatchASoftSecurityContext() {
        assertThat(Policies.hardening(docs(GOOD_DEPLOYMENT.replace("runAsNonRoot: true", "runAsNonRoot: false"))))
                .singleElement().asString().contains("may run as root");
        assertThat(Policies.hardening(docs(GOOD_DEPLOYMENT.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"))))
                .singleElement().asString().contains("writable root filesystem");
        assertThat(Policies.hardening(docs(GOOD_DEPLOYMENT.replace("drop: [ALL]", "drop: [NET_RAW]"))))
                .singleElement().asString().contains("ALL capabilities");
        assertThat(Policies.hardening(docs(GOOD_DEPLOYMENT.replace("type: RuntimeDefault", "type: Unconfined"))))
                .singleElement().asString().contains("seccompProfile");
        assertThat(Policies.hardening(docs(GOOD_DEPLOYMENT.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"))))
                .singleElement().asString().contains("allowPrivilegeEscalation");
        assertThat(Policies.hardening(docs(GOOD_DEPLOYMENT.replace("mountPath: /tmp", "mountPath: /var/tmp"))))
                .singleElement().asString().contains("no emptyDir mounted at /tmp");
    }

    @Test
    void policiesCatchLatestAndMissingTags() {
        assertThat(Policies.imageTags(docs(GOOD_DEPLOYMENT.replace("example/web:1.0.0", "example/web:latest"))))
                .singleElement().asString().contains("latest");
        assertThat(Policies.imageTags(docs(GOOD_DEPLOYMENT.replace("example/web:1.0.0", "registry:5000/example/web"))))
                .singleElement().asString().contains("no tag");
    }

    @Test
    void policiesCatchPlainTextCredentials() {
        assertThat(Policies.noPlainTextSecrets(docs(GOOD_DEPLOYMENT.replace(
                "valueFrom: {secretKeyRef: {name: creds, key: password}}", "value: hunter2"))))
                .singleElement().asString().contains("DB_PASSWORD");
        assertThat(Policies.noPlainTextSecrets(docs("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: x}\n")))
                .singleElement().asString().contains("stringData");
        assertThat(Policies.noPlainTextSecrets(docs("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {RABBITMQ_PASSWORD: x}\n")))
                .singleElement().asString().contains("RABBITMQ_PASSWORD");
    }

    @Test
    void policiesCatchAServiceThatSelectsNothingOrAMissingPort() {
        assertThat(Policies.serviceSelectors(docs(GOOD_DEPLOYMENT.replace("selector: {app: web}", "selector: {app: wbe}"))))
                .singleElement().asString().contains("selects no pod template");
        assertThat(Policies.serviceSelectors(docs(GOOD_DEPLOYMENT.replace("targetPort: http", "targetPort: grpc"))))
                .singleElement().asString().contains("targets port grpc");
    }

    @Test
    void policiesCatchANetworkPolicyPortThatDoesNotExist() {
        assertThat(Policies.networkPolicyPorts(docs(GOOD_DEPLOYMENT.replace("ingress: [{ports: [{port: http}]}]",
                "ingress: [{ports: [{port: 9090}]}]"))))
                .singleElement().asString().contains("allows port 9090");
        assertThat(Policies.networkPolicyPorts(docs(GOOD_DEPLOYMENT.replace("ingress: [{ports: [{port: http}]}]",
                "ingress: [{from: [{podSelector: {matchLabels: {app: nobody}}}], ports: [{port: http}]}]"))))
                .singleElement().asString().contains("selects no pod");
    }

    @Test
    void policiesCatchAStatefulSetWithoutPersistentData() {
        String sts = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: db}
                spec:
                  serviceName: db
                  selector: {matchLabels: {app: db}}
                  template:
                    metadata: {labels: {app: db}}
                    spec:
                      containers: [{name: db, image: "db:1", volumeMounts: [{name: data, mountPath: /data}]}]
                      volumes: [{name: data, emptyDir: {}}]
                """;
        assertThat(Policies.persistentData(docs(sts))).anyMatch(v -> v.contains("no volumeClaimTemplates"));
    }
}
