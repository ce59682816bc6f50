package dev.microcomm.localstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every address, port and credential of the local stack. Each value comes from an environment variable so a whole
 * run can be moved elsewhere (e.g. {@code PG_PORT=15432 tools/stack up} to try the PostgreSQL fallback next to the
 * machine's server).
 */
public final class StackConfig {

    /** Databases every service needs (database-per-service, plus the %test ones). Extend here. */
    public static final java.util.List<String> DATABASES =
            java.util.List.of("users", "orders", "emails", "users_test", "orders_test", "emails_test");

    public final Path repoRoot;
    public final Path stateDir;
    public final Path moduleDir;
    public final int startTimeoutSeconds;
    public final int stopTimeoutSeconds;

    public final String kafkaHost;
    public final int kafkaPort;
    public final int kafkaControllerPort;
    public final String kafkaHeap;

    public final String smtpHost;
    public final int smtpPort;
    public final int smtpHttpPort;

    public final String pgHost;
    public final int pgPort;
    public final String pgUser;
    public final String pgPassword;

    public final String amqpHost;
    public final int amqpPort;
    public final String amqpUser;
    public final String amqpPassword;

    private StackConfig(Map<String, String> env, Path repoRoot) {
        this.repoRoot = repoRoot;
        this.moduleDir = repoRoot.resolve("tools/local-stack");
        this.stateDir = Path.of(env.getOrDefault("STACK_HOME", repoRoot.resolve(".local").toString()))
                .toAbsolutePath().normalize();
        this.startTimeoutSeconds = intOf(env, "STACK_START_TIMEOUT", 120);
        this.stopTimeoutSeconds = intOf(env, "STACK_STOP_TIMEOUT", 60);

        this.kafkaHost = env.getOrDefault("KAFKA_HOST", "127.0.0.1");
        this.kafkaPort = intOf(env, "KAFKA_PORT", 9092);
        this.kafkaControllerPort = intOf(env, "KAFKA_CONTROLLER_PORT", kafkaPort + 1);
        this.kafkaHeap = env.getOrDefault("KAFKA_HEAP", "512m");

        this.smtpHost = env.getOrDefault("SMTP_HOST", "127.0.0.1");
        this.smtpPort = intOf(env, "SMTP_PORT", 3025);
        this.smtpHttpPort = intOf(env, "SMTP_HTTP_PORT", 3080);

        this.pgHost = env.getOrDefault("PG_HOST", "127.0.0.1");
        this.pgPort = intOf(env, "PG_PORT", 5432);
        this.pgUser = env.getOrDefault("PG_USER", "postgres");
        this.pgPassword = env.getOrDefault("PG_PASSWORD", "postgres");

        this.amqpHost = env.getOrDefault("AMQP_HOST", "127.0.0.1");
        this.amqpPort = intOf(env, "AMQP_PORT", 5672);
        this.amqpUser = env.getOrDefault("AMQP_USER", "guest");
        this.amqpPassword = env.getOrDefault("AMQP_PASSWORD", "guest");
    }

    public static StackConfig fromEnvironment() {
        String repo = System.getProperty("microcomm.stack.repo", System.getenv().getOrDefault("STACK_REPO", "."));
        return new StackConfig(System.getenv(), Path.of(repo).toAbsolutePath().normalize());
    }

    static StackConfig of(Map<String, String> env, Path repoRoot) {
        return new StackConfig(env, repoRoot);
    }

    public Path jar() {
        return moduleDir.resolve("target/local-stack.jar");
    }

    public Path libDir() {
        return moduleDir.resolve("target/lib");
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0 || (parsed > 65535 && name.endsWith("PORT"))) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a valid number; unset it or give e.g. " + fallback);
        }
    }
}
