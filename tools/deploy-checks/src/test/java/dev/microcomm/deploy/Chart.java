package dev.microcomm.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart under helm/, driven through helm-java (Helm 3 embedded as a native library). */
final class Chart {

    static final String RELEASE = "microcomm";
    static final String NAMESPACE = "shop";
    /** The oldest Kubernetes the chart declares (Chart.yaml kubeVersion is >=1.25): render for a current one. */
    static final String KUBE_VERSION = "1.31.0";

    private Chart() {
    }

    /** A values scenario of the matrix: src/test/resources/scenarios/<name>.yaml. */
    record Scenario(String name, Path valuesFile) {

        static Scenario named(String name) {
            Path file = Path.of("src/test/resources/scenarios", name + ".yaml");
            if (!Files.exists(file)) {
                file = Repo.ROOT.resolve("tools/deploy-checks").resolve(file);
            }
            return new Scenario(name, file);
        }

        static Stream<Scenario> all() throws IOException {
            Path dir = named("defaults").valuesFile().getParent();
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                        .map(f -> new Scenario(f.getFileName().toString().replace(".yaml", ""), f)).toList().stream();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Where hooks show up after {@link #withHooksRendered()}: the original annotation key, renamed. */
    static final String HOOK_ANNOTATION = "microcomm.dev/helm-hook";

    private static Path chartWithHooks;

    /**
     * `helm template` with the scenario's values (and extra --set pairs), hooks included; throws on any Helm
     * error (schema violations, `required` values, template errors).
     */
    static String template(Scenario scenario, Map<String, Object> sets) {
        return template(withHooksRendered(), scenario, sets);
    }

    /** `helm template` of the chart exactly as it is: hooks (helm test pods, the credentials Secret) left out. */
    static String templateWithoutHooks(Scenario scenario, Map<String, Object> sets) {
        return template(Repo.CHART, scenario, sets);
    }

    private static String template(Path chart, Scenario scenario, Map<String, Object> sets) {
        TemplateCommand command = new Helm(chart).template()
                .withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
                .withValuesFile(scenario.valuesFile().toAbsolutePath());
        sets.forEach(command::set);
        return command.call();
    }

    /**
     * helm-java's template returns the release manifest only, without hooks (`helm template` on the command
     * line prints them too). So that the hooks are validated like everything else, they are rendered from a
     * copy of the chart in which the {@code helm.sh/hook} annotation key is renamed to
     * {@link #HOOK_ANNOTATION}: Helm then treats them as ordinary resources. Nothing else changes.
     */
    static synchronized Path withHooksRendered() {
        if (chartWithHooks == null) {
            try {
                Path target = Files.createTempDirectory("microcomm-hooks-").resolve("microcomm");
                copyChart(target);
                try (Stream<Path> files = Files.walk(target.resolve("templates"))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        String text = Files.readString(file);
                        Files.writeString(file, text.replace("helm.sh/hook:", HOOK_ANNOTATION + ":")
                                .replace("helm.sh/hook-", HOOK_ANNOTATION + "-"));
                    }
                }
                chartWithHooks = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return chartWithHooks;
    }

    private static void copyChart(Path target) throws IOException {
        try (Stream<Path> files = Files.walk(Repo.CHART)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(Repo.CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
    }

    static List<JsonNode> render(Scenario scenario) {
        return Yaml.documents(template(scenario, Map.of()));
    }

    /**
     * `helm lint --strict` with the scenario's values. helm-java's lint takes no values file, so the chart is
     * copied and the scenario merged into the copy's values.yaml: what is linted is exactly that combination.
     */
    static LintResult lint(Scenario scenario) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory("microcomm-chart-");
            Path target = copy.resolve("microcomm");
            copyChart(target);
            JsonNode values = Yaml.read(Files.readString(Repo.CHART.resolve("values.yaml")));
            JsonNode overlay = Yaml.read(Files.readString(scenario.valuesFile()));
            if (overlay != null && overlay.isObject()) {
                Files.writeString(target.resolve("values.yaml"), Yaml.write(Yaml.merge(values, overlay)));
            }
            return new Helm(target).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(copy);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
