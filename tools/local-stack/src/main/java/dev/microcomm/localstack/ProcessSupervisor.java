package dev.microcomm.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts our servers as detached OS processes and finds/stops them again through their pid files. */
public final class ProcessSupervisor {

    private static final boolean HAS_SETSID = new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute();

    private final StackConfig config;

    public ProcessSupervisor(StackConfig config) {
        this.config = config;
    }

    /**
     * Our live process for this component: the one its pid file names if it still runs and carries our marker, or
     * else a server it left behind ({@link Component#leftover()}).
     */
    public Optional<ProcessHandle> owned(Component component) {
        return fromPidFile(component).or(component::leftover);
    }

    private Optional<ProcessHandle> fromPidFile(Component component) {
        Path pidFile = component.pidFile();
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> carriesMarker(p, component));
    }

    private static boolean carriesMarker(ProcessHandle process, Component component) {
        String marker = Component.MARKER_PREFIX + component.name();
        return process.info().arguments().map(args -> List.of(args).contains(marker))
                .or(() -> process.info().commandLine().map(line -> line.contains(marker)))
                // Without /proc details (other OS, other user) trust the pid file rather than leak a server.
                .orElse(true);
    }

    /**
     * Starts the component in its own session (setsid) with stdin from /dev/null and stdout/stderr appended to its
     * log, so it outlives the launcher and never holds the caller's pipes open (CI pipes our output).
     */
    public ProcessHandle start(Component component) {
        try {
            Files.createDirectories(component.dataDir());
            Files.createDirectories(component.logFile().getParent());
            rotateIfLarge(component.logFile());
            List<String> command = new ArrayList<>();
            if (HAS_SETSID) {
                command.add("setsid");
            }
            command.addAll(component.command());
            Files.writeString(component.logFile(), "---- " + Instant.now() + " starting: " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(command)
                    .directory(component.dataDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(component.logFile().toFile()))
                    .redirectErrorStream(true)
                    .start();
            Files.writeString(component.pidFile(), Long.toString(process.pid()));
            return process.toHandle();
        } catch (IOException e) {
            throw new StackException("cannot start " + component.name() + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short helper command (e.g. Kafka's storage format) to completion, logging into the component's log. */
    public void runToCompletion(Component component, List<String> command, Duration timeout) {
        try {
            Files.createDirectories(component.dataDir());
            Files.createDirectories(component.logFile().getParent());
            Process process = new ProcessBuilder(command)
                    .directory(component.dataDir().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(component.logFile().toFile()))
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new StackException(component.name() + ": '" + String.join(" ", command.subList(command.size() - 3, command.size()))
                        + "' did not finish within " + timeout.toSeconds() + " s; see " + component.logFile());
            }
            if (process.exitValue() != 0) {
                throw new StackException(component.name() + ": preparation failed (exit " + process.exitValue() + ")"
                        + System.lineSeparator() + tail(component.logFile(), 20));
            }
        } catch (IOException e) {
            throw new StackException("cannot prepare " + component.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while preparing " + component.name(), e);
        }
    }

    /** SIGTERM, wait for a clean exit (data stays consistent), then SIGKILL as a last resort. */
    public void stop(Component component, ProcessHandle process) {
        terminate(component, process);
        // e.g. a postmaster whose JVM was killed earlier
        component.leftover().ifPresent(leftover -> terminate(component, leftover));
        removePidFile(component);
    }

    private void terminate(Component component, ProcessHandle process) {
        Duration timeout = Duration.ofSeconds(config.stopTimeoutSeconds);
        component.requestStop(process);
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.println("  " + component.name() + " did not exit within " + timeout.toSeconds() + " s; killing pid " + process.pid());
            process.destroyForcibly();
            process.onExit().join();
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    /** Logs are appended across restarts; keep one previous generation once they grow past 20 MB. */
    private static void rotateIfLarge(Path log) throws IOException {
        if (Files.exists(log) && Files.size(log) > 20L * 1024 * 1024) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public void removePidFile(Component component) {
        try {
            Files.deleteIfExists(component.pidFile());
        } catch (IOException ignored) {
            // a stale pid file is harmless: owned() checks liveness and the marker
        }
    }

    /** The last lines of a log, for error messages. */
    public static String tail(Path log, int lines) {
        try {
            // lenient decoding: a log may contain anything
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            StringBuilder out = new StringBuilder("    --- last lines of " + log + " ---");
            for (String line : last) {
                out.append(System.lineSeparator()).append("    | ").append(line);
            }
            return out.toString();
        } catch (IOException | java.io.UncheckedIOException e) {
            return "    (no log at " + log + ")";
        }
    }
}
