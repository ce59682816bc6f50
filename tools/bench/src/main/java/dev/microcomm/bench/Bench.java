package dev.microcomm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * `make bench`: runs the scenarios of issue 7 against the three services and writes target/bench/report.md,
 * report.json and SVG charts. Exit code 0 when every scenario ran and the report is complete, whatever the numbers.
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern ORDER_ID_IN_SUBJECT = Pattern.compile("Order (\\S+) confirmed");

    // ---- settings (environment) ----
    final boolean quick = "1".equals(System.getenv("BENCH_QUICK"));
    final boolean useRunning = "1".equals(System.getenv("BENCH_USE_RUNNING"));
    final Path root = Path.of(env("BENCH_ROOT", System.getProperty("bench.root", System.getProperty("user.dir")))).toAbsolutePath().normalize();
    final Path out = Path.of(env("BENCH_OUT", root.resolve("target/bench").toString())).toAbsolutePath();
    final String host = env("BENCH_HOST", "127.0.0.1");
    final int grpcPort = Integer.parseInt(env("BENCH_GRPC_PORT", "50051"));
    final int mailApiPort = Integer.parseInt(env("BENCH_MAIL_API_PORT", "3080"));
    final Set<String> only = new LinkedHashSet<>(List.of(env("BENCH_SCENARIOS", "1,2,3,4,5").split(",")));
    /** Seconds per measured run (closed-loop point or open-loop rate). */
    final double runSeconds = Double.parseDouble(env("BENCH_RUN_SECONDS", quick ? "1.5" : "10"));
    final double warmSeconds = quick ? 1 : 5;
    final int[] concurrencies = {1, 16, 64};
    final int[] rates = quick ? new int[] {200} : new int[] {50, 200, 500};
    final double drainTimeout = quick ? 60 : 120;
    final double emailOutageSeconds = quick ? 3 : 30;
    final double userOutageSeconds = quick ? 4 : 20;
    final String runId = Long.toString(System.currentTimeMillis(), 36);
    /** The local SMTP server keeps every mail in memory (128 MB heap): empty it after each measurement. */
    final boolean purgeMail = !"0".equals(System.getenv("BENCH_PURGE_MAIL"));

    final Services services = new Services(root, host);
    final HttpDriver http = new HttpDriver(host);
    final Set<String> startedByBench = new LinkedHashSet<>();
    final Map<String, Object> results = new LinkedHashMap<>();
    final Map<String, String> scenarioStatus = new LinkedHashMap<>();
    final Map<String, Double> scenarioSeconds = new LinkedHashMap<>();
    final List<String> charts = new ArrayList<>();
    final StringBuilder md = new StringBuilder();
    final List<String[]> targets = new ArrayList<>();
    final Map<String, Object> figures = new LinkedHashMap<>();
    List<String> userIds = List.of();
    Map<String, Map<String, Double>> idleUsage = Map.of();

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    public static void main(String[] args) throws Exception {
        Bench b = new Bench();
        int rc;
        try {
            rc = b.run();
        } finally {
            b.http.close();
        }
        System.exit(rc);
    }

    int run() throws Exception {
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        log("microcomm bench " + (quick ? "(quick mode)" : "(full run)") + ", run id " + runId + ", output " + out);
        results.put("machine", machine());
        results.put("settings", Map.of("quick", quick, "useRunning", useRunning, "runSeconds", runSeconds,
                "warmSeconds", warmSeconds, "startedAt", Instant.now().toString()));
        try {
            bringUp();
            purgeMail();
            idle();
            setupUsers();
            // Scenario 2 runs after 3 and 4: the e-mail backlog its thousands of orders leave behind would
            // otherwise disturb the delivery and failure measurements.
            scenario("1", "User lookup: REST vs gRPC", this::userLookup);
            scenario("3", "Event delivery per transport (open loop)", this::eventDelivery);
            scenario("4", "Failure: user-service down, email-service down", this::failure);
            scenario("2", "Order placement: user check over REST vs gRPC", this::orderPlacement);
            scenario("5", "Cost: startup, RSS, CPU", this::cost);
        } catch (Exception e) {
            scenarioStatus.put("setup", "FAILED: " + e);
            log("SETUP FAILED: " + e);
            e.printStackTrace(System.out);
        } finally {
            restoreAndStop();
        }
        castMachine().put("loadAverageAtEnd", sh("cat /proc/loadavg").strip());
        results.put("scenarioStatus", scenarioStatus);
        results.put("scenarioSeconds", scenarioSeconds);
        results.put("startups", services.startups);
        results.put("targets", targets.stream().map(t -> Map.of("target", t[0], "measured", t[1], "verdict", t[2], "note", t[3])).toList());
        results.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
        Files.writeString(out.resolve("report.json"), JSON.writeValueAsString(results));
        Files.writeString(out.resolve("report.md"), Report.markdown(this));
        boolean complete = Report.check(this);
        log(String.format(Locale.ROOT, "done in %.0f s: %s", (System.nanoTime() - t0) / 1e9, out.resolve("report.md")));
        boolean allRan = scenarioStatus.values().stream().noneMatch(s -> s.startsWith("FAILED"));
        if (!allRan) {
            log("a scenario could not run: " + scenarioStatus);
        }
        return complete && allRan ? 0 : 1;
    }

    interface Body {
        void run() throws Exception;
    }

    void scenario(String id, String title, Body body) {
        if (!only.contains(id)) {
            scenarioStatus.put(id, "skipped (BENCH_SCENARIOS)");
            return;
        }
        log("== scenario " + id + ": " + title);
        long t0 = System.nanoTime();
        try {
            body.run();
            scenarioStatus.putIfAbsent(id, "ok");
        } catch (Exception e) {
            scenarioStatus.put(id, "FAILED: " + e);
            log("scenario " + id + " FAILED: " + e);
            e.printStackTrace(System.out);
        }
        scenarioSeconds.put(id, (System.nanoTime() - t0) / 1e9);
        log(String.format(Locale.ROOT, "== scenario %s took %.0f s", id, scenarioSeconds.get(id)));
    }

    static void log(String s) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
        System.out.flush();
    }

    // ------------------------------------------------------------------ setup

    Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cpu", sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip());
        m.put("nproc", sh("nproc").strip());
        m.put("free", sh("free -m").strip());
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", sh("uname -sr").strip());
        m.put("loadAverageAtStart", sh("cat /proc/loadavg").strip());
        return m;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> castMachine() {
        return (Map<String, Object>) results.get("machine");
    }

    static String sh(String cmd) {
        try {
            Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return s;
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    void bringUp() throws Exception {
        for (String s : Services.ALL) {
            if (services.listening(s)) {
                if (!useRunning && !services.managed(s)) {
                    throw new IllegalStateException("port " + Services.HTTP_PORT.get(s) + " of " + s
                            + " is taken by a process tools/services.sh did not start; stop it or set BENCH_USE_RUNNING=1");
                }
                log(s + " already running: using it" + (services.managed(s) ? " (started by tools/services.sh)" : ""));
                continue;
            }
            if (useRunning) {
                throw new IllegalStateException(s + " is not running (BENCH_USE_RUNNING=1)");
            }
            log("starting " + s);
            Services.Startup st = services.start(s, Map.of());
            startedByBench.add(s);
            log(String.format(Locale.ROOT, "%s ready in %.2f s (Quarkus: started in %.3f s)", s, st.toReadySeconds(), st.quarkusSeconds()));
        }
    }

    /** Default configuration for each service (what `make run` uses). */
    static final Map<String, String> DEFAULTS = Map.of("ORDER_USER_LOOKUP_MODE", "rest", "ORDER_TRANSPORTS_KAFKA_ENABLED", "true",
            "ORDER_TRANSPORTS_RABBITMQ_ENABLED", "true", "EMAIL_TRANSPORTS_KAFKA_ENABLED", "true", "EMAIL_TRANSPORTS_RABBITMQ_ENABLED", "true");
    final Map<String, Map<String, String>> currentEnv = new ConcurrentHashMap<>();

    boolean canRestart(String... svcs) {
        for (String s : svcs) {
            if (!services.managed(s)) {
                return false;
            }
        }
        return true;
    }

    /** Restarts a service with the given settings unless it already runs with them. */
    void ensure(String svc, Map<String, String> env) throws Exception {
        Map<String, String> want = wanted(svc, env);
        Map<String, String> have = currentEnv.getOrDefault(svc, Map.of());
        boolean isDefault = want.entrySet().stream().allMatch(e -> DEFAULTS.get(e.getKey()).equals(e.getValue()));
        if (have.isEmpty() ? isDefault : have.equals(want)) {
            return;
        }
        log("restarting " + svc + " with " + want);
        services.restart(svc, want);
        currentEnv.put(svc, want);
    }

    /**
     * order-service and email-service with the given settings, restarted together when needed (faster on two
     * cores than one after the other; these starts are not used as start-up samples).
     */
    void ensureBoth(Map<String, String> env) throws Exception {
        List<String> restart = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>();
        for (String svc : List.of("order-service", "email-service")) {
            Map<String, String> want = wanted(svc, env);
            Map<String, String> have = currentEnv.getOrDefault(svc, Map.of());
            boolean isDefault = want.entrySet().stream().allMatch(e -> DEFAULTS.get(e.getKey()).equals(e.getValue()));
            if (!(have.isEmpty() ? isDefault : have.equals(want))) {
                restart.add(svc);
                all.putAll(want);
            }
        }
        if (restart.isEmpty()) {
            return;
        }
        log("restarting " + restart + " with " + all);
        for (String svc : restart) {
            services.stop(svc);
        }
        services.startTogether(restart, all);
        for (String svc : restart) {
            currentEnv.put(svc, wanted(svc, all));
        }
    }

    static Map<String, String> wanted(String svc, Map<String, String> env) {
        Map<String, String> want = new java.util.TreeMap<>();
        String prefix = svc.equals("order-service") ? "ORDER_" : svc.equals("email-service") ? "EMAIL_" : "NONE_";
        DEFAULTS.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                want.put(k, env.getOrDefault(k, v));
            }
        });
        return want;
    }

    void idle() throws Exception {
        log("idle measurement");
        Thread.sleep(quick ? 1000 : 5000);
        try (Services.Usage u = services.new Usage()) {
            Thread.sleep(quick ? 2000 : 5000);
            idleUsage = u.result;
        }
        results.put("idle", idleUsage);
        idleUsage.forEach((s, m) -> log(String.format(Locale.ROOT, "  %s idle: %.1f%% CPU, RSS %.0f MB", s, m.get("cpuPercent"), m.get("peakRssMb"))));
    }

    void setupUsers() throws Exception {
        int n = 100;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(createUser("bench-" + runId + "-" + i + "@bench.example"));
        }
        userIds = ids;
        GrpcDriver g = new GrpcDriver(host, grpcPort);
        try {
            if (g.once(GrpcDriver.userRequest(ids.get(0))).length == 0) {
                throw new IllegalStateException("gRPC GetUser answered empty");
            }
        } finally {
            g.close();
        }
        log("created " + n + " users (REST and gRPC answer)");
    }

    /**
     * A freshly restarted order-service can time out its first user checks under the warm-up load (cold JIT) and
     * open its breaker; a run started then would measure only "503 circuit open". Probes (one order at a time)
     * until orders are accepted again, which also moves an open breaker through half-open to closed.
     */
    void awaitOrdersAccepted(String userId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int accepted = 0;
        for (int i = 0; accepted < 3 && System.nanoTime() < deadline; i++) {
            int status = http.once(8082, HttpDriver.Request.postJson("/orders", orderBody(userId, 1_000_000 + i))).status();
            accepted = status == 201 ? accepted + 1 : 0;
            if (status != 201) {
                Thread.sleep(500);
            }
        }
        if (accepted < 3) {
            log("  (orders still not accepted 30 s after the warm-up; measuring anyway)");
        }
    }

    String createUser(String email) throws Exception {
        HttpDriver.Response r = http.once(8081, HttpDriver.Request.postJson("/users",
                "{\"name\":\"Bench User\",\"email\":\"" + email + "\"}"));
        if (r.status() != 201) {
            throw new IllegalStateException("POST /users answered " + r.status() + ": " + r.body());
        }
        return JSON.readTree(r.body().getBytes()).get("id").asText();
    }

    String orderBody(String userId, int i) {
        return "{\"userId\":\"" + userId + "\",\"productId\":\"bench-" + (i % 50) + "\",\"amount\":" + (10 + i % 90) + ".50}";
    }

    // ------------------------------------------------------------------ scenario 1

    void userLookup() throws Exception {
        List<LoadResult> runs = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        int n = userIds.size();
        List<byte[]> grpcRequests = userIds.stream().map(GrpcDriver::userRequest).toList();
        try (GrpcDriver grpc = new GrpcDriver(host, grpcPort)) {
            log("  warm-up " + warmSeconds + " s each");
            http.closedLoop("warm", 8081, 16, warmSeconds, i -> HttpDriver.Request.get("/users/" + userIds.get(i % n)), null, 200);
            grpc.closedLoop("warm", 16, warmSeconds, i -> grpcRequests.get(i % n));
            for (int c : concurrencies) {
                LoadResult rest = measured(() -> http.closedLoop("REST GET /users/{id} c=" + c, 8081, c, runSeconds,
                        i -> HttpDriver.Request.get("/users/" + userIds.get(i % n)), null, 200));
                progress(rest);
                LoadResult g = measured(() -> grpc.closedLoop("gRPC GetUser c=" + c, c, runSeconds, i -> grpcRequests.get(i % n)));
                progress(g);
                runs.add(rest);
                runs.add(g);
                json.put(rest.name, stats(rest));
                json.put(g.name, stats(g));
            }
        }
        s1 = runs;
        results.put("s1_userLookup", json);
        chartPercentiles("s1-latency.svg", "Scenario 1: user lookup latency (closed loop)", runs);
        chartThroughput("s1-throughput.svg", "Scenario 1: user lookup throughput vs concurrency",
                Map.of("REST GET /users/{id}", runs.stream().filter(r -> r.name.startsWith("REST")).toList(),
                        "gRPC GetUser", runs.stream().filter(r -> r.name.startsWith("gRPC")).toList()));
    }

    List<LoadResult> s1 = List.of();
    List<LoadResult> s2 = List.of();
    final Map<String, Services.Usage> usage = new LinkedHashMap<>();

    interface LoadRun {
        LoadResult run() throws Exception;
    }

    /** Runs one measured load while the services' CPU and memory are sampled, kept under the run's name. */
    LoadResult measured(LoadRun load) throws Exception {
        try (Services.Usage u = services.new Usage()) {
            LoadResult r = load.run();
            usage.put(r.name, u);
            return r;
        }
    }

    void progress(LoadResult r) {
        log(String.format(Locale.ROOT, "  %-34s %8.0f req/s  p50 %7.2f  p90 %7.2f  p99 %7.2f  p99.9 %7.2f ms  outcomes %s",
                r.name, r.throughput(), r.ms(50), r.ms(90), r.ms(99), r.ms(99.9), r.outcomes));
    }

    static Map<String, Object> stats(LoadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok);
        m.put("total", r.total());
        m.put("outcomes", r.outcomes);
        m.put("seconds", r.elapsedSeconds);
        m.put("throughputPerSecond", r.throughput());
        m.put("p50ms", r.ms(50));
        m.put("p90ms", r.ms(90));
        m.put("p99ms", r.ms(99));
        m.put("p999ms", r.ms(99.9));
        m.put("maxMs", r.maxMs());
        return m;
    }

    // ------------------------------------------------------------------ scenario 2

    void orderPlacement() throws Exception {
        List<LoadResult> runs = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        // Events off: tens of thousands of orders would leave an e-mail backlog of many minutes (email-service sends
        // ~100 e-mails/s here) that would disturb the next run. The event path's cost is measured in scenario 3.
        Map<String, String> eventsOff = Map.of("ORDER_TRANSPORTS_KAFKA_ENABLED", "false", "ORDER_TRANSPORTS_RABBITMQ_ENABLED", "false");
        int n = userIds.size();
        for (String mode : List.of("rest", "grpc")) {
            if (mode.equals("grpc") && !canRestart("order-service")) {
                scenarioStatus.put("2", "partial: order-service not started by tools/services.sh, only as it runs");
                break;
            }
            Map<String, String> env = new LinkedHashMap<>(eventsOff);
            env.put("ORDER_USER_LOOKUP_MODE", mode);
            if (!canRestart("order-service")) {
                scenarioStatus.put("2", "partial: order-service not started by tools/services.sh, measured as it runs (events on)");
            } else {
                ensure("order-service", env);
            }
            log("  lookup mode " + mode + ": warm-up " + warmSeconds + " s");
            this.mode = mode;
            http.closedLoop("warm", 8082, 16, warmSeconds, i -> HttpDriver.Request.postJson("/orders", orderBody(userIds.get(i % n), i)), null, 201);
            for (int c : concurrencies) {
                LoadResult r = measured(() -> http.closedLoop("POST /orders (" + mode + ") c=" + c, 8082, c, runSeconds,
                        i -> HttpDriver.Request.postJson("/orders", orderBody(userIds.get(i % n), i)), null, 201));
                progress(r);
                runs.add(r);
                json.put(r.name, stats(r));
            }
        }
        s2 = runs;
        results.put("s2_orderPlacement", json);
        chartPercentiles("s2-latency.svg", "Scenario 2: POST /orders latency (closed loop)", runs);
        chartThroughput("s2-throughput.svg", "Scenario 2: POST /orders throughput vs concurrency",
                Map.of("user check over REST", runs.stream().filter(r -> r.name.contains("(rest)")).toList(),
                        "user check over gRPC", runs.stream().filter(r -> r.name.contains("(grpc)")).toList()));
    }

    String mode = "rest";

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern CREATED_AT = Pattern.compile("\"createdAt\"\\s*:\\s*\"([^\"]+)\"");

    static String idOf(String json) {
        Matcher m = ID.matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** Polls GET /emails?orderId= until every order has its e-mail (or the deadline); returns the rows found. */
    Map<String, JsonNode> waitForEmails(List<String> orderIds, double timeoutSeconds) throws Exception {
        orderIds = orderIds.stream().filter(java.util.Objects::nonNull).toList();
        Map<String, JsonNode> sent = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        long lastReport = System.nanoTime();
        while (true) {
            // oldest first, at most 500 per pass: e-mails go out roughly in order, so this keeps the polling light
            List<String> missing = orderIds.stream().filter(id -> !sent.containsKey(id)).limit(500).map(id -> "/emails?orderId=" + id).toList();
            if (missing.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            http.forEach(8083, 16, missing, (path, resp) -> {
                if (resp.status() == 200) {
                    try {
                        JsonNode arr = JSON.readTree(resp.body().getBytes());
                        if (arr.isArray() && arr.size() > 0 && arr.get(0).hasNonNull("sentAt")) {
                            sent.put(path.substring(path.indexOf('=') + 1), arr.get(0));
                        }
                    } catch (IOException e) {
                        // not JSON: try again next pass
                    }
                }
            }).get((long) timeoutSeconds + 60, TimeUnit.SECONDS);
            if (sent.size() < orderIds.size()) {
                if (missing.size() == 500 && sent.size() > 0 && missing.stream().noneMatch(p -> !sent.containsKey(p.substring(p.indexOf('=') + 1)))) {
                    continue; // the whole pass was found: go on with the next ones at once
                }
                if (System.nanoTime() - lastReport > 5e9) {
                    log(String.format(Locale.ROOT, "    e-mails sent: %d / %d", sent.size(), orderIds.size()));
                    lastReport = System.nanoTime();
                }
                Thread.sleep(300);
            }
        }
        return sent;
    }

    // ------------------------------------------------------------------ scenario 3

    record Placed(String orderId, long intendedEpochMicros, Instant createdAt) {
    }

    final Map<String, Map<Integer, Delivery>> s3 = new LinkedHashMap<>();

    /** Delivery latencies of one transport at one arrival rate. */
    static final class Delivery {
        LoadResult post;
        final Histogram commitToHandled = LoadResult.newHistogram();
        final Histogram commitToSmtp = LoadResult.newHistogram();
        final Histogram intendedToHandled = LoadResult.newHistogram();
        int orders;
        int emailed;
        int smtpMatched;
        double firstThirdP50Ms;
        double lastThirdP50Ms;
        double drainAfterLoadSeconds;
        Map<String, Integer> byTransport = new LinkedHashMap<>();

        boolean noBacklogGrowth() {
            return emailed == orders && lastThirdP50Ms <= 2 * firstThirdP50Ms + 20 && drainAfterLoadSeconds <= 1.0;
        }
    }

    void eventDelivery() throws Exception {
        Map<String, Map<String, String>> transports = new LinkedHashMap<>();
        transports.put("kafka", Map.of("ORDER_TRANSPORTS_RABBITMQ_ENABLED", "false", "EMAIL_TRANSPORTS_RABBITMQ_ENABLED", "false"));
        transports.put("rabbitmq", Map.of("ORDER_TRANSPORTS_KAFKA_ENABLED", "false", "EMAIL_TRANSPORTS_KAFKA_ENABLED", "false"));
        transports.put("both", Map.of());
        Map<String, Object> json = new LinkedHashMap<>();
        for (var t : transports.entrySet()) {
            if (!t.getKey().equals("both") && !canRestart("order-service", "email-service")) {
                log("  " + t.getKey() + " only: skipped (services not started by tools/services.sh)");
                scenarioStatus.put("3", "partial: single-transport runs skipped (services not started by tools/services.sh)");
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>(t.getValue());
            env.put("ORDER_USER_LOOKUP_MODE", "rest");
            ensureBoth(env);
            String email = "bench-" + runId + "-" + t.getKey() + "@bench.example";
            String userId = createUser(email);
            log("  transport " + t.getKey() + ": warm-up");
            List<String> warm = java.util.Collections.synchronizedList(new ArrayList<>());
            http.openLoop("warm", 8082, 50, warmSeconds, i -> HttpDriver.Request.postJson("/orders", orderBody(userId, i)),
                    (in, lat, resp) -> {
                        if (resp.status() == 201) {
                            warm.add(idOf(resp.body().toString()));
                        }
                    }, 201);
            waitForEmails(warm, quick ? 5 : 30);
            awaitOrdersAccepted(userId);
            Map<Integer, Delivery> perRate = new LinkedHashMap<>();
            for (int rate : rates) {
                Delivery d = deliveryRun(t.getKey(), rate, userId, email);
                perRate.put(rate, d);
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("post", stats(d.post));
                j.put("orders", d.orders);
                j.put("emailed", d.emailed);
                j.put("smtpMatched", d.smtpMatched);
                j.put("commitToHandled", hist(d.commitToHandled));
                j.put("commitToSmtpAccepted", hist(d.commitToSmtp));
                j.put("intendedToHandled", hist(d.intendedToHandled));
                j.put("firstThirdP50Ms", d.firstThirdP50Ms);
                j.put("lastThirdP50Ms", d.lastThirdP50Ms);
                j.put("drainAfterLoadSeconds", d.drainAfterLoadSeconds);
                j.put("deliveredFirstBy", d.byTransport);
                j.put("noBacklogGrowth", d.noBacklogGrowth());
                json.put(t.getKey() + " @ " + rate + "/s", j);
            }
            s3.put(t.getKey(), perRate);
        }
        results.put("s3_eventDelivery", json);
        List<Svg.Series> series = new ArrayList<>();
        s3.forEach((t, perRate) -> perRate.forEach((rate, d) -> series.add(percentileSeries(t + " @ " + rate + "/s", d.commitToHandled))));
        writeChart("s3-delivery.svg", Svg.chart("Scenario 3: order commit -> e-mail sent (SMTP accepted), per transport and rate",
                "percentile", "latency (ms, log)", series, percentileTicks(), true, false));
    }

    Delivery deliveryRun(String transport, int rate, String userId, String email) throws Exception {
        ConcurrentLinkedQueue<Placed> placed = new ConcurrentLinkedQueue<>();
        Delivery d = new Delivery();
        d.post = measured(() -> http.openLoop("POST /orders " + transport + " @ " + rate + "/s", 8082, rate, runSeconds,
                i -> HttpDriver.Request.postJson("/orders", orderBody(userId, i)), (intended, lat, resp) -> {
                    if (resp.status() == 201) {
                        String body = resp.body().toString();
                        Matcher m = CREATED_AT.matcher(body);
                        if (idOf(body) != null && m.find()) {
                            placed.add(new Placed(idOf(body), intended, Instant.parse(m.group(1))));
                        }
                    }
                }, 201));
        long loadEndMillis = System.currentTimeMillis();
        List<Placed> orders = new ArrayList<>(placed);
        orders.sort(java.util.Comparator.comparing(Placed::createdAt));
        Map<String, JsonNode> sent = waitForEmails(orders.stream().map(Placed::orderId).toList(), drainTimeout);
        Map<String, Instant> smtp = smtpReceived(email);
        purgeMail();
        d.orders = orders.size();
        d.emailed = sent.size();
        long lastSent = 0;
        List<Long> handled = new ArrayList<>();
        for (Placed p : orders) {
            JsonNode row = sent.get(p.orderId());
            if (row == null || p.createdAt() == null) {
                handled.add(null);
                continue;
            }
            Instant sentAt = Instant.parse(row.get("sentAt").asText());
            d.byTransport.merge(row.path("transport").asText("?"), 1, Integer::sum);
            long us = micros(p.createdAt(), sentAt);
            handled.add(us);
            d.commitToHandled.recordValue(clamp(us));
            long sentEpochMicros = sentAt.getEpochSecond() * 1_000_000 + sentAt.getNano() / 1000;
            d.intendedToHandled.recordValue(clamp(sentEpochMicros - p.intendedEpochMicros()));
            lastSent = Math.max(lastSent, sentAt.toEpochMilli());
            Instant received = smtp.get(p.orderId());
            if (received != null) {
                d.smtpMatched++;
                d.commitToSmtp.recordValue(clamp(micros(p.createdAt(), received)));
            }
        }
        int third = Math.max(1, handled.size() / 3);
        d.firstThirdP50Ms = medianMs(handled.subList(0, Math.min(third, handled.size())));
        d.lastThirdP50Ms = medianMs(handled.subList(Math.max(0, handled.size() - third), handled.size()));
        d.drainAfterLoadSeconds = Math.max(0, (lastSent - loadEndMillis) / 1000.0);
        log(String.format(Locale.ROOT, "  %-10s @ %3d/s: POST p99 %6.1f ms; %d/%d e-mailed; commit->sent p50 %6.1f p99 %7.1f p99.9 %7.1f ms;"
                        + " commit->SMTP p99 %7.1f ms; p50 first/last third %.1f/%.1f ms; drain after load %.1f s",
                transport, rate, d.post.ms(99), d.emailed, d.orders, pct(d.commitToHandled, 50), pct(d.commitToHandled, 99),
                pct(d.commitToHandled, 99.9), pct(d.commitToSmtp, 99), d.firstThirdP50Ms, d.lastThirdP50Ms, d.drainAfterLoadSeconds));
        return d;
    }

    static long micros(Instant a, Instant b) {
        return (b.getEpochSecond() - a.getEpochSecond()) * 1_000_000 + (b.getNano() - a.getNano()) / 1000;
    }

    static long clamp(long us) {
        return Math.max(1, Math.min(us, 3_600_000_000L));
    }

    static double medianMs(List<Long> values) {
        List<Long> v = values.stream().filter(java.util.Objects::nonNull).sorted().toList();
        return v.isEmpty() ? Double.NaN : v.get(v.size() / 2) / 1000.0;
    }

    static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }

    static Map<String, Object> hist(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("p50ms", pct(h, 50));
        m.put("p90ms", pct(h, 90));
        m.put("p99ms", pct(h, 99));
        m.put("p999ms", pct(h, 99.9));
        m.put("maxMs", h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0);
        return m;
    }

    /** When the SMTP server received each of our e-mails (the local stack's mail API, filtered by recipient). */
    Map<String, Instant> smtpReceived(String email) {
        Map<String, Instant> m = new LinkedHashMap<>();
        for (int attempt = 1; attempt <= 3 && m.isEmpty(); attempt++) {
            smtpReceived(email, m, attempt == 3);
        }
        return m;
    }

    private void smtpReceived(String email, Map<String, Instant> m, boolean last) {
        try {
            HttpDriver.Response r = http.once(mailApiPort, HttpDriver.Request.get("/messages?to=" + java.net.URLEncoder.encode(email, StandardCharsets.UTF_8)));
            if (r.status() != 200) {
                return;
            }
            for (JsonNode msg : JSON.readTree(r.body().getBytes())) {
                Matcher s = ORDER_ID_IN_SUBJECT.matcher(msg.path("subject").asText(""));
                if (s.find() && msg.hasNonNull("receivedAt")) {
                    m.putIfAbsent(s.group(1), Instant.parse(msg.get("receivedAt").asText()));
                }
            }
        } catch (Exception e) {
            if (last) {
                log("  mail API not readable (" + e + "): no SMTP-side figures for this run");
            }
        }
    }

    void purgeMail() {
        if (!purgeMail) {
            return;
        }
        try {
            http.once(mailApiPort, new HttpDriver.Request(io.vertx.core.http.HttpMethod.DELETE, "/messages", null));
        } catch (Exception e) {
            log("  could not empty the local mailbox: " + e);
        }
    }

    // ------------------------------------------------------------------ scenario 4

    final Map<String, Object> s4 = new LinkedHashMap<>();
    final Map<String, LoadResult> s4Phases = new LinkedHashMap<>();

    void failure() throws Exception {
        if (!canRestart("user-service", "email-service")) {
            scenarioStatus.put("4", "skipped: user-service/email-service not started by tools/services.sh");
            log("  skipped: needs services started by tools/services.sh");
            return;
        }
        ensureBoth(Map.of());
        int n = userIds.size();
        int rate = 20;
        // an overload before (scenario 3) may have opened the breaker: wait until orders are accepted again
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until
                && http.once(8082, HttpDriver.Request.postJson("/orders", orderBody(userIds.get(0), 0))).status() != 201) {
            Thread.sleep(500);
        }
        // --- (a) user-service down: the synchronous dependency
        LoadResult normal = http.openLoop("POST /orders, user-service up", 8082, rate, quick ? 2 : runSeconds, i ->
                HttpDriver.Request.postJson("/orders", orderBody(userIds.get(i % n), i)), null, 201);
        progress(normal);
        s4Phases.put("normal", normal);
        log("  stopping user-service for " + userOutageSeconds + " s at " + rate + " orders/s");
        services.stop("user-service");
        LoadResult closed = new LoadResult("user-service down, 503 after retries (breaker closed when the call came in)");
        LoadResult open = new LoadResult("user-service down, 503 at once (breaker open)");
        List<double[]> timeline = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.currentTimeMillis() * 1000;
        HttpDriver.Sink classify = (intended, lat, resp) -> {
            String body = resp.body().toString();
            // A 503 that took >= 50 ms went through the retries (delay 100 ms +- 50): the breaker was closed when the
            // request came in (the last attempt may still report "circuit open"); a quicker one was rejected at once.
            int kind = resp.status() == 201 ? 0 : lat >= 50_000 ? 1 : 2;
            String outcome = HttpDriver.outcome(resp);
            LoadResult target = kind == 2 ? open : kind == 1 ? closed : null;
            if (target != null) {
                target.record(lat, outcome, true);
            }
            timeline.add(new double[] {(intended - t0) / 1e6, lat / 1000.0, kind});
        };
        LoadResult down = http.openLoop("POST /orders, user-service down", 8082, rate, userOutageSeconds, i ->
                HttpDriver.Request.postJson("/orders", orderBody(userIds.get(i % n), i)), classify, 201, 503);
        progress(down);
        closed.elapsedSeconds = userOutageSeconds;
        open.elapsedSeconds = userOutageSeconds;
        progress(closed);
        progress(open);
        s4Phases.put("closed", closed);
        s4Phases.put("open", open);
        s4Phases.put("down", down);
        Services.Startup st = services.start("user-service", Map.of());
        long back = System.currentTimeMillis() * 1000;
        double[] firstOk = {Double.NaN};
        LoadResult recovery = http.openLoop("POST /orders, after user-service is back", 8082, rate, quick ? 6 : 10, i ->
                HttpDriver.Request.postJson("/orders", orderBody(userIds.get(i % n), i)), (intended, lat, resp) -> {
                    timeline.add(new double[] {(intended - t0) / 1e6, lat / 1000.0, resp.status() == 201 ? 3 : 1});
                    if (resp.status() == 201 && Double.isNaN(firstOk[0])) {
                        firstOk[0] = (intended - back) / 1e6;
                    }
                }, 201, 503);
        progress(recovery);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("normal", stats(normal));
        a.put("downAll", stats(down));
        a.put("breakerClosed", stats(closed));
        a.put("breakerOpen", stats(open));
        a.put("userServiceReadySeconds", st.toReadySeconds());
        a.put("firstOrderAcceptedSecondsAfterUserServiceReady", firstOk[0]);
        a.put("recovery", stats(recovery));
        s4.put("userServiceDown", a);
        log(String.format(Locale.ROOT, "  user-service back; first order accepted %.1f s after it was ready", firstOk[0]));
        List<Svg.Series> series = new ArrayList<>();
        String[] names = {"201 (user-service up)", "503 after retries", "503 at once (open)", "after restart"};
        for (int k = 0; k < 4; k++) {
            final int kind = k;
            List<Svg.Point> pts = new ArrayList<>();
            synchronized (timeline) {
                timeline.stream().filter(p -> p[2] == kind).forEach(p -> pts.add(new Svg.Point(p[0], p[1])));
            }
            series.add(new Svg.Series(names[k], pts));
        }
        writeChart("s4-user-service-down.svg", Svg.chart("Scenario 4: POST /orders while user-service is down, then back",
                "seconds since user-service was stopped", "latency (ms, log)", series, List.of(), true, true));

        // --- (b) email-service down: the asynchronous consumer
        String email = "bench-" + runId + "-outage@bench.example";
        String userId = createUser(email);
        log("  stopping email-service for " + emailOutageSeconds + " s at 100 orders/s");
        services.stop("email-service");
        List<String> ids = java.util.Collections.synchronizedList(new ArrayList<>());
        LoadResult during = http.openLoop("POST /orders, email-service down", 8082, 100, emailOutageSeconds,
                i -> HttpDriver.Request.postJson("/orders", orderBody(userId, i)), (in, lat, resp) -> {
                    if (resp.status() == 201) {
                        ids.add(idOf(resp.body().toString()));
                    }
                }, 201);
        progress(during);
        long startCmd = System.nanoTime();
        Services.Startup est = services.start("email-service", Map.of());
        Map<String, JsonNode> sent = waitForEmails(new ArrayList<>(ids), drainTimeout);
        Instant last = sent.values().stream().map(j -> Instant.parse(j.get("sentAt").asText())).max(Instant::compareTo).orElse(null);
        double drainFromStart = last == null ? Double.NaN
                : (last.toEpochMilli() - (System.currentTimeMillis() - (System.nanoTime() - startCmd) / 1_000_000)) / 1000.0;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("postWhileEmailDown", stats(during));
        b.put("orders", ids.size());
        b.put("emailed", sent.size());
        b.put("emailServiceReadySeconds", est.toReadySeconds());
        b.put("backlogDrainedSecondsAfterStart", drainFromStart);
        b.put("backlogDrainedSecondsAfterReady", drainFromStart - est.toReadySeconds());
        s4.put("emailServiceDown", b);
        purgeMail();
        log(String.format(Locale.ROOT, "  email-service back (ready in %.1f s): %d/%d e-mails, backlog drained %.1f s after start (%.1f s after ready)",
                est.toReadySeconds(), sent.size(), ids.size(), drainFromStart, drainFromStart - est.toReadySeconds()));
        results.put("s4_failure", s4);
    }

    // ------------------------------------------------------------------ scenario 5

    void cost() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("startups", services.startups);
        c.put("idle", idleUsage);
        Map<String, Object> under = new LinkedHashMap<>();
        usage.forEach((run, u) -> under.put(run, u.result));
        c.put("underLoad", under);
        results.put("s5_cost", c);
        log("  " + services.startups.size() + " starts measured, " + usage.size() + " runs with CPU/RSS");
    }

    // ------------------------------------------------------------------ teardown

    void restoreAndStop() {
        try {
            if (useRunning) {
                // leave the services as we found them: default settings, all running
                for (String s : List.of("order-service", "email-service")) {
                    if (canRestart(s)) {
                        ensure(s, Map.of());
                    }
                }
                for (String s : Services.ALL) {
                    if (!services.listening(s) && !startedByBench.contains(s)) {
                        services.start(s, Map.of());
                    }
                }
            } else {
                for (String s : Services.ALL) {
                    if (startedByBench.contains(s)) {
                        services.stop(s);
                    } else if (currentEnv.containsKey(s) && canRestart(s)) {
                        ensure(s, Map.of()); // was running before (e.g. `make run`): back to its defaults
                    }
                }
            }
        } catch (Exception e) {
            log("teardown: " + e);
        }
    }

    // ------------------------------------------------------------------ charts

    static List<Svg.Tick> percentileTicks() {
        return List.of(new Svg.Tick(0, "0%"), new Svg.Tick(1, "90%"), new Svg.Tick(2, "99%"), new Svg.Tick(3, "99.9%"),
                new Svg.Tick(4, "99.99%"));
    }

    static Svg.Series percentileSeries(String name, Histogram h) {
        List<Svg.Point> pts = new ArrayList<>();
        if (h.getTotalCount() > 0) {
            for (int k = 0; k <= 40; k++) {
                double p = 100 * (1 - Math.pow(10, -k / 10.0));
                pts.add(new Svg.Point(k / 10.0, h.getValueAtPercentile(p) / 1000.0));
            }
        }
        return new Svg.Series(name, pts);
    }

    void chartPercentiles(String file, String title, List<LoadResult> runs) throws IOException {
        writeChart(file, Svg.chart(title, "percentile", "latency (ms, log)",
                runs.stream().map(r -> percentileSeries(r.name, r.latencyUs)).toList(), percentileTicks(), true, false));
    }

    void chartThroughput(String file, String title, Map<String, List<LoadResult>> bySeries) throws IOException {
        List<Svg.Series> series = new ArrayList<>();
        new java.util.TreeMap<>(bySeries).forEach((name, runs) -> {
            List<Svg.Point> pts = new ArrayList<>();
            for (LoadResult r : runs) {
                int c = Integer.parseInt(r.name.substring(r.name.lastIndexOf("c=") + 2));
                pts.add(new Svg.Point(Math.log(c) / Math.log(4), r.throughput()));
            }
            series.add(new Svg.Series(name, pts));
        });
        List<Svg.Tick> ticks = new ArrayList<>();
        for (int c : concurrencies) {
            ticks.add(new Svg.Tick(Math.log(c) / Math.log(4), Integer.toString(c)));
        }
        writeChart(file, Svg.chart(title, "concurrency (closed loop)", "requests/s (successful)", series, ticks, false, false));
    }

    void writeChart(String file, String svg) throws IOException {
        Files.writeString(out.resolve(file), svg);
        charts.add(file);
        log("  chart " + out.resolve(file));
    }
}
