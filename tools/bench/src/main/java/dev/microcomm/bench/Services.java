package dev.microcomm.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three services as processes: started and stopped only through tools/services.sh (the way `make run` does),
 * observed through /proc (RSS, CPU time).
 */
final class Services {
    static final List<String> ALL = List.of("user-service", "order-service", "email-service");
    static final Map<String, Integer> HTTP_PORT = Map.of("user-service", 8081, "order-service", 8082, "email-service", 8083);
    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final long CLK_TCK = 100; // USER_HZ on Linux x86-64

    record Startup(String service, double toReadySeconds, double quarkusSeconds, Map<String, String> env) {
    }

    private final Path root;
    private final String host;
    final List<Startup> startups = new ArrayList<>();

    Services(Path root, String host) {
        this.root = root;
        this.host = host;
    }

    /** Whether tools/services.sh started this service (so the bench may stop and restart it). */
    boolean managed(String service) {
        return pidFromFile(service).isPresent();
    }

    boolean listening(String service) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, HTTP_PORT.get(service)), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts one service with extra environment, waits until ready; returns the seconds to ready. */
    Startup start(String service, Map<String, String> env) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(env, "start", service);
        double toReady = (System.nanoTime() - t0) / 1e9;
        Startup s = new Startup(service, toReady, quarkusStartedIn(service), new LinkedHashMap<>(env));
        startups.add(s);
        return s;
    }

    /** Starts several services at once (not start-up samples: they share the cores while starting). */
    void startTogether(List<String> list, Map<String, String> env) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        args.add("start");
        args.addAll(list);
        run(env, args.toArray(String[]::new));
    }

    void stop(String service) throws IOException, InterruptedException {
        run(Map.of(), "stop", service);
    }

    void restart(String service, Map<String, String> env) throws IOException, InterruptedException {
        stop(service);
        start(service, env);
    }

    private void run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(root.resolve("tools/services.sh").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("tools/services.sh " + String.join(" ", args) + " failed:\n" + out);
        }
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                System.out.println("    " + line.strip());
            }
        }
    }

    /** Quarkus' own "started in N s" from the service's log (the JVM start before main is not in it). */
    private double quarkusStartedIn(String service) {
        try {
            Path log = root.resolve(".local/logs/" + service + ".log");
            Matcher m = STARTED_IN.matcher(Files.readString(log, StandardCharsets.UTF_8));
            double last = Double.NaN;
            while (m.find()) {
                last = Double.parseDouble(m.group(1));
            }
            return last;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private OptionalLong pidFromFile(String service) {
        try {
            long pid = Long.parseLong(Files.readString(root.resolve(".local/run/" + service + ".pid")).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The pid: from tools/services.sh's pid file, else whoever listens on the service's HTTP port. */
    OptionalLong pid(String service) {
        OptionalLong fromFile = pidFromFile(service);
        if (fromFile.isPresent()) {
            return fromFile;
        }
        try {
            Process p = new ProcessBuilder("ss", "-ltnpH", "sport = :" + HTTP_PORT.get(service)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("pid=(\\d+)").matcher(out);
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        } catch (IOException | InterruptedException e) {
            return OptionalLong.empty();
        }
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return -1;
    }

    /** utime + stime in clock ticks. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU (percent of one core, averaged) and peak RSS of each service and of the load generator over a phase. */
    final class Usage implements AutoCloseable {
        private final long t0 = System.nanoTime();
        private final Map<String, Long> pid0 = new LinkedHashMap<>();
        private final Map<String, Long> ticks0 = new LinkedHashMap<>();
        private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
        private final Thread sampler;
        private volatile boolean running = true;
        final Map<String, Map<String, Double>> result = new LinkedHashMap<>();

        Usage() {
            for (String s : ALL) {
                pid(s).ifPresent(p -> {
                    pid0.put(s, p);
                    ticks0.put(s, cpuTicks(p));
                });
            }
            pid0.put("load-generator", ProcessHandle.current().pid());
            ticks0.put("load-generator", cpuTicks(ProcessHandle.current().pid()));
            sampler = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        private void sample() {
            pid0.forEach((s, p) -> {
                long rss = rssKb(p);
                if (rss > 0) {
                    peakRssKb.merge(s, rss, Math::max);
                }
            });
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
            sample();
            double seconds = (System.nanoTime() - t0) / 1e9;
            pid0.forEach((s, p) -> {
                long t1 = cpuTicks(p);
                Map<String, Double> m = new LinkedHashMap<>();
                long t = ticks0.get(s);
                // a restarted process has another pid: no CPU figure for it in this phase
                m.put("cpuPercent", t >= 0 && t1 >= t ? 100.0 * (t1 - t) / CLK_TCK / seconds : Double.NaN);
                m.put("peakRssMb", peakRssKb.containsKey(s) ? peakRssKb.get(s) / 1024.0 : Double.NaN);
                result.put(s, m);
            });
        }
    }
}
