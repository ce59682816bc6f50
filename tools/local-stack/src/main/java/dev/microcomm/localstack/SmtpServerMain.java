package dev.microcomm.localstack;

import java.util.concurrent.CountDownLatch;

/**
 * Process entry point for the local SMTP server: {@code SmtpServerMain <host> <smtpPort> <httpPort>}. Runs until
 * SIGTERM ({@code tools/stack stop smtp}).
 */
public final class SmtpServerMain {

    private SmtpServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int smtpPort = args.length > 1 ? Integer.parseInt(args[1]) : 3025;
        int httpPort = args.length > 2 ? Integer.parseInt(args[2]) : 3080;
        LocalMailServer server = LocalMailServer.start(host, smtpPort, httpPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "smtp-shutdown"));
        System.out.println("SMTP on " + host + ":" + server.smtpPort() + ", received mail at http://" + host + ":"
                + server.httpPort() + "/messages");
        stopped.await();
    }
}
