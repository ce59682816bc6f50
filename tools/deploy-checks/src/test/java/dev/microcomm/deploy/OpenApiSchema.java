package dev.microcomm.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The second schema check: the Kubernetes API's own OpenAPI schemas, as shipped in the npm package
 * kubernetes-models, applied by tools/deploy-checks/k8s-openapi/validate.mjs (Node). It knows every
 * required field and type of every kind; fabric8 ({@link KubernetesSchema}) adds what it does not
 * reject: unknown fields. The packages come from package-lock.json (`npm ci`, once per checkout).
 */
final class OpenApiSchema {

    static final Path DIR = Repo.ROOT.resolve("tools/deploy-checks/k8s-openapi");

    private OpenApiSchema() {
    }

    /** Problems of every document of a YAML stream; empty when all are valid. */
    static List<String> problems(String yaml) {
        installOnce();
        Result result = run(List.of("node", "validate.mjs"), yaml, 60);
        if (result.exit() != 0 && result.stdout().isBlank()) {
            throw new IllegalStateException("validate.mjs failed without a verdict: " + result.stderr());
        }
        return result.stdout().lines().filter(l -> !l.isBlank()).toList();
    }

    private static synchronized void installOnce() {
        Path installed = DIR.resolve("node_modules/.package-lock.json");
        try {
            if (Files.exists(installed)
                    && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(DIR.resolve("package-lock.json"))) >= 0) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result result = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--silent"), "", 300);
        if (result.exit() != 0) {
            throw new IllegalStateException("npm ci in " + DIR + " failed (Node 20 and the npm registry are needed): "
                    + result.stderr() + result.stdout());
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> command, String stdin, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("k8s-openapi-", ".out");
            Path err = Files.createTempFile("k8s-openapi-", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(DIR.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command + " (is Node installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
