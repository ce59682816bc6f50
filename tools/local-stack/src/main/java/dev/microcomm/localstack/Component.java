package dev.microcomm.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One server of the local stack. Either something already answers on its address (then we use it and never touch
 * it), or we run our own as a separate OS process whose pid file and log live under the state directory.
 */
public abstract class Component {

    /** JVM argument that marks a process as ours, so a recycled pid never makes us stop a stranger. */
    static final String MARKER_PREFIX = "-Dmicrocomm.stack.component=";

    protected final StackConfig config;
    private final String name;

    protected Component(StackConfig config, String name) {
        this.config = config;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Human-readable address(es), e.g. "127.0.0.1:9092". */
    public abstract String address();

    /** Whether the component's main port accepts TCP connections, whoever serves it. */
    public abstract boolean answers();

    /** Whether a started server is fully usable (may be stricter than {@link #answers()}). */
    public boolean ready() {
        return answers();
    }

    /** The JVM arguments after "java" and the marker: heap, classpath, main class, program arguments. */
    protected abstract List<String> jvmArguments();

    /** Other ports our server needs besides the main one, by the env var that moves them. */
    protected java.util.Map<String, Integer> auxiliaryPorts() {
        return java.util.Map.of();
    }

    /** Fails fast, naming the env var to change, instead of letting the server die on a bind error. */
    final void checkAuxiliaryPortsFree(String host) {
        auxiliaryPorts().forEach((variable, port) -> {
            if (Ports.answers(host, port)) {
                throw new StackException(name + ": port " + port + " (" + variable + ") is already taken by another process;"
                        + " free it or choose another, e.g. " + variable + "=" + (port + 10000) + " tools/stack up");
            }
        });
    }

    /** Host the auxiliary ports are checked on. */
    protected String host() {
        return "127.0.0.1";
    }

    /** One-time preparation before the first start (e.g. formatting Kafka's storage). */
    protected void prepare(ProcessSupervisor supervisor) {
    }

    /** Extra text for the summary line when we use a server we do not own. */
    public String existingHint() {
        return "";
    }

    public Path dataDir() {
        return config.stateDir.resolve(name);
    }

    public Path pidFile() {
        return config.stateDir.resolve(name + ".pid");
    }

    public Path logFile() {
        return config.stateDir.resolve("logs").resolve(name + ".log");
    }

    final List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(MARKER_PREFIX + name);
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmArguments());
        return command;
    }

    /**
     * Classpath of our own server mains: a private copy of this module's jar (so rebuilding the launcher never
     * rewrites a jar a running server still reads) plus the dependency jars, which a rebuild does not rewrite.
     */
    protected String launcherClasspath() {
        Path copy = config.stateDir.resolve("runtime").resolve(name + "-local-stack.jar");
        try {
            java.nio.file.Files.createDirectories(copy.getParent());
            java.nio.file.Files.copy(config.jar(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new StackException("cannot copy " + config.jar() + " to " + copy + ": " + e.getMessage(), e);
        }
        return copy + java.io.File.pathSeparator + config.libDir().resolve("*");
    }

    /**
     * A server process our JVM started that can outlive it (PostgreSQL daemonises its postmaster): found so that
     * a killed launcher JVM never leaves an unowned server squatting on the port.
     */
    public java.util.Optional<ProcessHandle> leftover() {
        return java.util.Optional.empty();
    }

    /** Asks a process of ours to shut down cleanly. */
    public void requestStop(ProcessHandle process) {
        process.destroy();
    }

    /** What survives a stop, for the user's information. */
    public String keptOnStop() {
        return "data kept in " + dataDir();
    }
}
