package dev.microcomm.localstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tools/stack up|down|status|start <component>|stop <component>}: makes PostgreSQL, RabbitMQ, Kafka and SMTP
 * reachable for the services, reusing whatever already answers and starting (and later stopping) only our own.
 */
public final class LocalStack {

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: tools/stack <command>",
            "  up                  make postgres, rabbitmq, kafka and smtp reachable (idempotent), create the databases",
            "  down                stop everything tools/stack started (never the machine's own servers)",
            "  status              what answers where, and who owns it",
            "  stop <component>    stop one of OUR components, keeping its data (kafka|smtp|postgres|rabbitmq)",
            "  start <component>   start one component again (no-op if something answers)",
            "environment: KAFKA_HOST KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_HEAP SMTP_HOST SMTP_PORT SMTP_HTTP_PORT",
            "             PG_HOST PG_PORT PG_USER PG_PASSWORD AMQP_HOST AMQP_PORT AMQP_USER AMQP_PASSWORD",
            "             STACK_HOME (state dir, default <repo>/.local) STACK_START_TIMEOUT STACK_STOP_TIMEOUT (seconds)");

    enum State { EXISTING, OURS, OURS_NOT_ANSWERING, DOWN }

    private final StackConfig config;
    private final ProcessSupervisor supervisor;
    private final Map<String, Component> components = new LinkedHashMap<>();

    LocalStack(StackConfig config) {
        this.config = config;
        this.supervisor = new ProcessSupervisor(config);
        for (Component c : List.of(new PostgresComponent(config), new RabbitMqComponent(config),
                new KafkaComponent(config), new SmtpComponent(config))) {
            components.put(c.name(), c);
        }
    }

    public static void main(String[] args) {
        // before any library logs: the launcher's own output is the summary, not Kafka client chatter
        System.setProperty("log4j2.configurationFile", "log4j2-launcher.properties");
        int exit;
        try {
            exit = run(args);
        } catch (StackException e) {
            System.out.println("ERROR: " + e.getMessage());
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }

    static int run(String[] args) {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        LocalStack stack = new LocalStack(StackConfig.fromEnvironment());
        String command = args[0].toLowerCase(Locale.ROOT);
        boolean needsComponent = command.equals("start") || command.equals("stop");
        if (needsComponent && args.length != 2 || !needsComponent && args.length != 1) {
            System.out.println(USAGE);
            return 2;
        }
        if (command.equals("status")) {
            return stack.status(); // read-only: no need to wait for a running 'up'
        }
        try (FileLock ignored = stack.lock()) {
            switch (command) {
                case "up":
                    return stack.up();
                case "down":
                    return stack.down();
                case "start":
                    return stack.startOne(stack.component(args[1]));
                case "stop":
                    return stack.stopOne(stack.component(args[1]));
                default:
                    System.out.println("unknown command '" + args[0] + "'" + System.lineSeparator() + USAGE);
                    return 2;
            }
        } catch (IOException e) {
            throw new StackException("cannot lock " + stack.config.stateDir + ": " + e.getMessage(), e);
        }
    }

    /** Two launchers at once would both see a free port and start two brokers; serialise them. */
    private FileLock lock() throws IOException {
        Files.createDirectories(config.stateDir);
        FileChannel channel = FileChannel.open(config.stateDir.resolve("stack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            System.out.println("waiting for another tools/stack command to finish…");
            lock = channel.lock();
        }
        return lock;
    }

    Component component(String name) {
        Component component = components.get(name.toLowerCase(Locale.ROOT));
        if (component == null) {
            throw new StackException("unknown component '" + name + "'; choose one of " + String.join(", ", components.keySet()));
        }
        return component;
    }

    State stateOf(Component component) {
        Optional<ProcessHandle> ours = supervisor.owned(component);
        if (ours.isPresent()) {
            return component.answers() ? State.OURS : State.OURS_NOT_ANSWERING;
        }
        return component.answers() ? State.EXISTING : State.DOWN;
    }

    int up() {
        System.out.println("tools/stack up (state in " + config.stateDir + ")");
        List<Component> waiting = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, Long> startedAt = new LinkedHashMap<>();
        for (Component component : components.values()) {
            State state = stateOf(component);
            switch (state) {
                case EXISTING -> System.out.printf("  %-9s %s  using existing server%s%n", component.name(), component.address(), component.existingHint());
                case OURS -> System.out.printf("  %-9s %s  already running (ours, pid %d)%n", component.name(), component.address(), pid(component));
                case OURS_NOT_ANSWERING -> waiting.add(component);
                case DOWN -> {
                    try {
                        supervisor.removePidFile(component);
                        component.prepare(supervisor);
                        ProcessHandle process = supervisor.start(component);
                        System.out.printf("  %-9s %s  starting (pid %d, log %s)%n", component.name(), component.address(), process.pid(), relative(component.logFile()));
                        startedAt.put(component.name(), System.nanoTime());
                        waiting.add(component);
                    } catch (StackException e) {
                        // the other components still come up; the failure is reported at the end
                        failures.add(e.getMessage());
                        System.out.printf("  %-9s %s  NOT started (see below)%n", component.name(), component.address());
                    }
                }
            }
        }
        for (Component component : waiting) {
            long begin = startedAt.getOrDefault(component.name(), System.nanoTime());
            try {
                awaitReady(component);
                System.out.printf("  %-9s %s  ready after %.1f s%n", component.name(), component.address(), (System.nanoTime() - begin) / 1e9);
            } catch (StackException e) {
                failures.add(e.getMessage());
                System.out.printf("  %-9s %s  FAILED (see below)%n", component.name(), component.address());
            }
        }
        if (components.get("postgres").answers()) {
            try {
                List<String> created = Databases.ensure(config, StackConfig.DATABASES);
                System.out.println("  databases " + String.join(" ", StackConfig.DATABASES) + ": "
                        + (created.isEmpty() ? "all present" : "created " + String.join(" ", created)));
            } catch (StackException e) {
                failures.add(e.getMessage());
            }
        }
        System.out.println();
        printTable();
        if (!failures.isEmpty()) {
            System.out.println();
            failures.forEach(f -> System.out.println("ERROR: " + f));
            return 1;
        }
        return 0;
    }

    private void awaitReady(Component component) {
        long deadline = System.nanoTime() + config.startTimeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> ours = supervisor.owned(component);
            if (ours.isEmpty()) {
                supervisor.removePidFile(component);
                throw new StackException(component.name() + " exited during start-up; fix the cause below and run 'tools/stack up' again"
                        + System.lineSeparator() + ProcessSupervisor.tail(component.logFile(), 25));
            }
            if (component.ready()) {
                return;
            }
            sleep(500);
        }
        supervisor.owned(component).ifPresent(process -> supervisor.stop(component, process));
        throw new StackException(component.name() + " did not become ready on " + component.address() + " within "
                + config.startTimeoutSeconds + " s (raise STACK_START_TIMEOUT on a slow machine); it was stopped again"
                + System.lineSeparator() + ProcessSupervisor.tail(component.logFile(), 25));
    }

    int down() {
        List<Component> reversed = new ArrayList<>(components.values());
        java.util.Collections.reverse(reversed);
        for (Component component : reversed) {
            Optional<ProcessHandle> ours = supervisor.owned(component);
            if (ours.isPresent()) {
                System.out.printf("  %-9s stopping pid %d…%n", component.name(), ours.get().pid());
                supervisor.stop(component, ours.get());
                System.out.printf("  %-9s stopped (%s)%n", component.name(), component.keptOnStop());
            } else {
                supervisor.removePidFile(component);
                System.out.printf("  %-9s %s%n", component.name(),
                        component.answers() ? "not ours (" + component.address() + "), left running" : "not running");
            }
        }
        return 0;
    }

    int status() {
        printTable();
        return 0;
    }

    int startOne(Component component) {
        State state = stateOf(component);
        switch (state) {
            case EXISTING -> {
                System.out.printf("  %-9s %s  already answers (existing server, not ours)%n", component.name(), component.address());
                return 0;
            }
            case OURS -> {
                System.out.printf("  %-9s %s  already running (ours, pid %d)%n", component.name(), component.address(), pid(component));
                return 0;
            }
            case DOWN -> {
                supervisor.removePidFile(component);
                component.prepare(supervisor);
                ProcessHandle process = supervisor.start(component);
                System.out.printf("  %-9s %s  starting (pid %d, log %s)%n", component.name(), component.address(), process.pid(), relative(component.logFile()));
            }
            default -> {
                // ours, still starting: just wait below
            }
        }
        long begin = System.nanoTime();
        awaitReady(component);
        System.out.printf("  %-9s %s  ready after %.1f s%n", component.name(), component.address(), (System.nanoTime() - begin) / 1e9);
        if (component instanceof PostgresComponent) {
            Databases.ensure(config, StackConfig.DATABASES);
        }
        return 0;
    }

    int stopOne(Component component) {
        Optional<ProcessHandle> ours = supervisor.owned(component);
        if (ours.isPresent()) {
            System.out.printf("  %-9s stopping pid %d…%n", component.name(), ours.get().pid());
            supervisor.stop(component, ours.get());
            System.out.printf("  %-9s stopped (%s; 'tools/stack start %s' brings it back)%n",
                    component.name(), component.keptOnStop(), component.name());
            return 0;
        }
        supervisor.removePidFile(component);
        if (component.answers()) {
            System.out.printf("  %-9s %s is not ours (it was not started by tools/stack), so it is left running.%n",
                    component.name(), component.address());
            return 3;
        }
        System.out.printf("  %-9s not running%n", component.name());
        return 0;
    }

    private void printTable() {
        int width = components.values().stream().mapToInt(c -> c.address().length()).max().orElse(20);
        String row = "%-10s %-" + width + "s  %s%n";
        System.out.printf(row, "COMPONENT", "ADDRESS", "OWNER");
        for (Component component : components.values()) {
            String owner = switch (stateOf(component)) {
                case EXISTING -> "existing" + component.existingHint();
                case OURS -> "started by us (pid " + pid(component) + ", log " + relative(component.logFile()) + ")";
                case OURS_NOT_ANSWERING -> "ours but NOT answering (pid " + pid(component) + ", see " + relative(component.logFile()) + ")";
                case DOWN -> "not running";
            };
            System.out.printf(row, component.name(), component.address(), owner);
        }
    }

    private long pid(Component component) {
        return supervisor.owned(component).map(ProcessHandle::pid).orElse(-1L);
    }

    private String relative(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) && cwd.getNameCount() > 0 ? cwd.relativize(path).toString() : path.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
