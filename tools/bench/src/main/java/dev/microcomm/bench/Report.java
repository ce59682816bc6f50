package dev.microcomm.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** report.md: machine, targets, the original comparison table with our figures, one section per scenario. */
final class Report {

    static final List<String> SECTIONS = List.of("## Machine", "## Targets", "## Sync vs async: the original comparison, measured",
            "## Scenario 1", "## Scenario 2", "## Scenario 3", "## Scenario 4", "## Scenario 5", "## How it was measured");

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : v >= 100 ? f("%.0f", v) : v >= 10 ? f("%.1f", v) : f("%.2f", v);
    }

    static LoadResult find(List<LoadResult> runs, String prefix, int c) {
        return runs.stream().filter(r -> r.name.startsWith(prefix) && r.name.endsWith("c=" + c)).findFirst().orElse(null);
    }

    /** Why a throughput/latency target may be missed: CPU saturation and errors seen during the run. */
    static String why(Bench b, LoadResult r) {
        List<String> notes = new ArrayList<>();
        Services.Usage u = b.usage.get(r.name);
        if (u != null) {
            double total = 0;
            StringBuilder parts = new StringBuilder();
            for (var e : u.result.entrySet()) {
                double cpu = e.getValue().get("cpuPercent");
                if (!Double.isNaN(cpu)) {
                    total += cpu;
                    if (cpu >= 5) {
                        parts.append(parts.length() > 0 ? ", " : "").append(e.getKey()).append(' ').append(f("%.0f%%", cpu));
                    }
                }
            }
            notes.add(f("CPU %.0f%% of 200%% (%s)", total, parts));
        }
        long errors = r.total() - r.ok;
        if (errors > 0) {
            notes.add(errors + " failed calls " + r.outcomes);
        }
        return String.join("; ", notes);
    }

    static String verdict(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    static void targets(Bench b) {
        for (String[] t : new String[][] {{"REST", "REST GET /users/{id}", "5000"}, {"gRPC", "gRPC GetUser", "7000"}}) {
            LoadResult r = find(b.s1, t[0], 64);
            if (r == null) {
                b.targets.add(new String[] {t[1] + " >= " + t[2] + " req/s, p99 <= 20 ms at c=64", "not run", "n/a", ""});
                continue;
            }
            boolean met = r.throughput() >= Double.parseDouble(t[2]) && r.ms(99) <= 20 && r.ok == r.total();
            b.targets.add(new String[] {t[1] + " >= " + t[2] + " req/s, p99 <= 20 ms at c=64",
                    f("%.0f req/s, p99 %s ms", r.throughput(), ms(r.ms(99))), verdict(met), met ? "" : why(b, r)});
        }
        for (String mode : List.of("rest", "grpc")) {
            LoadResult r = find(b.s2, "POST /orders (" + mode + ")", 64);
            String name = "POST /orders (user check over " + mode.toUpperCase(Locale.ROOT) + ") >= 1000 req/s, p99 <= 50 ms at c=64";
            if (r == null) {
                b.targets.add(new String[] {name, "not run", "n/a", ""});
                continue;
            }
            boolean met = r.throughput() >= 1000 && r.ms(99) <= 50 && r.ok == r.total();
            b.targets.add(new String[] {name, f("%.0f req/s, p99 %s ms, %d/%d ok", r.throughput(), ms(r.ms(99)), r.ok, r.total()),
                    verdict(met), met ? "" : why(b, r)});
        }
        for (String t : List.of("kafka", "rabbitmq", "both")) {
            Bench.Delivery d = b.s3.getOrDefault(t, Map.of()).get(200);
            String name = "order commit -> e-mail handled, p99 <= 50 ms at 200 orders/s, no backlog growth (" + t + ")";
            if (d == null) {
                b.targets.add(new String[] {name, "not run", "n/a", ""});
                continue;
            }
            double p99 = Bench.pct(d.commitToHandled, 99);
            boolean met = p99 <= 50 && d.noBacklogGrowth();
            b.targets.add(new String[] {name, f("p99 %s ms; %d/%d e-mailed; p50 first/last third %s/%s ms; drain after load %.1f s", ms(p99),
                    d.emailed, d.orders, ms(d.firstThirdP50Ms), ms(d.lastThirdP50Ms), d.drainAfterLoadSeconds), verdict(met),
                    met ? "" : why(b, d.post)});
        }
        for (String s : Services.ALL) {
            List<Services.Startup> st = b.services.startups.stream().filter(x -> x.service().equals(s)).toList();
            Map<String, Double> idle = b.idleUsage.get(s);
            if (st.isEmpty() && idle == null) {
                b.targets.add(new String[] {s + ": ready <= 3 s, idle RSS <= 150 MB", "not measured", "n/a", "started before the bench"});
                continue;
            }
            double median = st.stream().mapToDouble(Services.Startup::toReadySeconds).sorted().skip(Math.max(0, (st.size() - 1) / 2)).findFirst()
                    .orElse(Double.NaN);
            double rss = idle == null ? Double.NaN : idle.get("peakRssMb");
            boolean met = median <= 3 && rss <= 150;
            b.targets.add(new String[] {s + ": ready <= 3 s, idle RSS <= 150 MB",
                    f("ready %.2f s (median of %d starts), idle RSS %.0f MB", median, st.size(), rss), verdict(met),
                    met ? "" : (median > 3 ? "startup includes the JVM start, Flyway and broker connections; " : "")
                            + (rss > 150 ? "JVM heap sizing is the JVM default (1/4 of RAM max): no -Xmx set" : "")});
        }
    }

    static String markdown(Bench b) {
        targets(b);
        StringBuilder md = new StringBuilder();
        Map<String, Object> m = castMap(b.results.get("machine"));
        md.append("# microcomm benchmark report\n\n");
        md.append(f("Run %s, %s, %s. Raw numbers: `report.json`; charts: SVG files next to this report.%n%n", b.runId,
                b.results.get("settings") instanceof Map<?, ?> s ? s.get("startedAt") : "", b.quick
                        ? "**quick mode** (BENCH_QUICK=1: every scenario briefly, " + b.runSeconds + " s per point; numbers are indicative only)"
                        : "full run (" + b.runSeconds + " s per point)"));
        md.append("## Machine\n\n");
        md.append(f("- CPU: %s, %s cores (`nproc` = %s)%n- JDK: %s%n- OS: %s%n- load average (`/proc/loadavg`) at start: %s; at the end: %s "
                        + "(a load above ~1 before the start means other processes were busy on the machine)%n", m.get("cpu"), m.get("cores"),
                m.get("nproc"), m.get("jdk"), m.get("os"), m.get("loadAverageAtStart"), m.get("loadAverageAtEnd")));
        md.append("- memory (`free -m`):\n\n```\n").append(m.get("free")).append("\n```\n\n");
        md.append("The load generator (one JVM: Vert.x HTTP client on one event loop, grpc-java on one Netty event loop) runs on the same "
                + "two cores as the three services, PostgreSQL, RabbitMQ, Kafka and the SMTP server. Its own CPU use is listed per run "
                + "in Scenario 5. Services run as packaged JVM apps (prod profile) started by `tools/services.sh`.\n\n");

        md.append("## Targets\n\n| target (issue 7) | measured | verdict | why (when missed) |\n|---|---|---|---|\n");
        for (String[] t : b.targets) {
            md.append("| ").append(String.join(" | ", t)).append(" |\n");
        }
        md.append("\n");

        comparison(b, md);

        md.append("## Scenario 1: user lookup, REST `GET /users/{id}` vs gRPC `GetUser` (closed loop)\n\n");
        closedTable(b, md, b.s1);
        md.append("![latency](s1-latency.svg)\n![throughput](s1-throughput.svg)\n\n");

        md.append("## Scenario 2: `POST /orders`, user check over REST vs gRPC (closed loop)\n\n");
        md.append("order-service runs with both event transports switched off (`ORDER_TRANSPORTS_KAFKA_ENABLED=false`, "
                + "`ORDER_TRANSPORTS_RABBITMQ_ENABLED=false`: no outbox rows, no relay), so this is the synchronous path: HTTP, the user "
                + "check and the order insert. Why: tens of thousands of orders would leave an e-mail backlog of many minutes "
                + "(email-service sends about 100 e-mails/s here, see scenario 4) that would disturb the next measurement. The cost of "
                + "the event path shows in scenario 3 (`POST /orders` latency at fixed rates with events on).\n\n");
        closedTable(b, md, b.s2);
        md.append("![latency](s2-latency.svg)\n![throughput](s2-throughput.svg)\n\n");

        md.append("## Scenario 3: event delivery per transport (open loop, fixed arrival rate)\n\n");
        md.append("Each run: `POST /orders` at a fixed rate for " + b.runSeconds + " s (order-service and email-service restarted with only that "
                + "transport enabled, or both). *commit → handled* = order `createdAt` (set before commit) to email-service's `sentAt` "
                + "(the moment the SMTP server accepted the mail and the row was marked sent); *commit → SMTP* = to the SMTP server's "
                + "`receivedAt`; *intended → handled* = from the moment the generator was scheduled to send the order (includes any "
                + "queueing in order-service: coordinated omission corrected). All clocks are the same machine clock; `createdAt` and "
                + "`receivedAt` have millisecond resolution.\n\n");
        md.append("| transport | rate/s | orders | POST outcomes | POST p50 / p99 ms | commit → handled p50 / p90 / p99 / p99.9 / max ms | commit → SMTP p50 / p99 ms "
                + "| intended → handled p99 ms | p50 first / last third ms | drain after load s | first delivered by | no backlog growth |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        b.s3.forEach((t, perRate) -> perRate.forEach((rate, d) -> md.append(f("| %s | %d | %d (%d e-mailed) | %s | %s / %s | %s / %s / %s / %s / %s | %s / %s | %s | %s / %s | %.1f | %s | %s |%n",
                t, rate, d.orders, d.emailed, d.post.outcomes, ms(d.post.ms(50)), ms(d.post.ms(99)), ms(Bench.pct(d.commitToHandled, 50)),
                ms(Bench.pct(d.commitToHandled, 90)), ms(Bench.pct(d.commitToHandled, 99)), ms(Bench.pct(d.commitToHandled, 99.9)),
                ms(max(d.commitToHandled)), ms(Bench.pct(d.commitToSmtp, 50)), ms(Bench.pct(d.commitToSmtp, 99)),
                ms(Bench.pct(d.intendedToHandled, 99)), ms(d.firstThirdP50Ms), ms(d.lastThirdP50Ms), d.drainAfterLoadSeconds, d.byTransport,
                d.noBacklogGrowth() ? "yes" : "**no**"))));
        md.append("\n![delivery](s3-delivery.svg)\n\n");

        md.append("## Scenario 4: failure\n\n");
        Map<String, Object> a = castMap(b.s4.get("userServiceDown"));
        if (!a.isEmpty()) {
            md.append("### user-service down (synchronous dependency), `POST /orders` at 20/s, open loop\n\n");
            md.append("| phase | calls | answers | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
            for (var e : b.s4Phases.entrySet()) {
                if (e.getKey().equals("down")) {
                    continue;
                }
                LoadResult r = e.getValue();
                md.append(f("| %s | %d | %s | %s | %s | %s |%n", r.name, r.total(), r.outcomes, ms(r.ms(50)), ms(r.ms(99)), ms(r.maxMs())));
            }
            md.append(f("%nuser-service was ready %.1f s after its restart; the first order was accepted %.1f s after that (the breaker "
                    + "waits its delay, 5 s, then lets trial calls through).%n%n![outage](s4-user-service-down.svg)%n%n",
                    (Double) a.get("userServiceReadySeconds"), (Double) a.get("firstOrderAcceptedSecondsAfterUserServiceReady")));
        }
        Map<String, Object> e = castMap(b.s4.get("emailServiceDown"));
        if (!e.isEmpty()) {
            Map<String, Object> post = castMap(e.get("postWhileEmailDown"));
            md.append(f("### email-service down %.0f s (asynchronous consumer) under 100 orders/s%n%n", b.emailOutageSeconds));
            md.append(f("- `POST /orders` meanwhile: %s ok of %s, p50 %s ms, p99 %s ms (order-service does not notice)%n", post.get("ok"),
                    post.get("total"), ms((Double) post.get("p50ms")), ms((Double) post.get("p99ms"))));
            md.append(f("- backlog: %s orders, %s e-mails sent after the restart; email-service ready in %.1f s; backlog drained %.1f s after "
                    + "the start command (%.1f s after ready)%n%n", e.get("orders"), e.get("emailed"), (Double) e.get("emailServiceReadySeconds"),
                    (Double) e.get("backlogDrainedSecondsAfterStart"), (Double) e.get("backlogDrainedSecondsAfterReady")));
        }
        if (a.isEmpty() && e.isEmpty()) {
            md.append("Not run: " + b.scenarioStatus.get("4") + "\n\n");
        }

        md.append("## Scenario 5: cost (startup, memory, CPU)\n\n");
        md.append("### Startup (`tools/services.sh start` until `/q/health/ready` answers UP; Quarkus' own \"started in\")\n\n");
        md.append("| service | settings | to ready s | Quarkus started in s |\n|---|---|---|---|\n");
        for (Services.Startup s : b.services.startups) {
            md.append(f("| %s | %s | %.2f | %.3f |%n", s.service(), s.env().isEmpty() ? "defaults" : s.env(), s.toReadySeconds(), s.quarkusSeconds()));
        }
        md.append("\n### Idle (after start-up, no load)\n\n| process | CPU % of one core | RSS MB |\n|---|---|---|\n");
        b.idleUsage.forEach((p, u) -> md.append(f("| %s | %.1f | %.0f |%n", p, u.get("cpuPercent"), u.get("peakRssMb"))));
        md.append("\n### Under load (average CPU % of one core / peak RSS MB during each run; 200 % = both cores)\n\n");
        md.append("| run | user-service | order-service | email-service | load generator |\n|---|---|---|---|---|\n");
        b.usage.forEach((run, u) -> {
            md.append("| ").append(run);
            for (String p : List.of("user-service", "order-service", "email-service", "load-generator")) {
                Map<String, Double> x = u.result.get(p);
                md.append(x == null ? " | -" : f(" | %s %% / %.0f MB", Double.isNaN(x.get("cpuPercent")) ? "n/a" : f("%.0f", x.get("cpuPercent")), x.get("peakRssMb")));
            }
            md.append(" |\n");
        });
        md.append("\n");

        md.append("## How it was measured\n\n");
        md.append("- Recording: HdrHistogram (microseconds, 3 significant digits). Percentiles are of successful calls; failed calls are counted "
                + "in the outcome columns.\n"
                + "- Closed loop (scenarios 1, 2): N callers, each sends its next request when the previous answered (Vert.x HTTP client, "
                + "grpc-java over one HTTP/2 connection with hand-encoded protobuf). Throughput = successful calls / run time. After a "
                + b.warmSeconds + " s warm-up per protocol/mode.\n"
                + "- Open loop (scenarios 3, 4): request i is due at start + i/rate whatever the earlier ones did; latency is measured from that "
                + "intended time, so a stall shows up as latency instead of a lower rate (coordinated omission corrected).\n"
                + "- CPU = utime + stime from /proc over the run; RSS = peak VmRSS sampled every 250 ms.\n"
                + "- Reproduce: `make bench` (full, about 10 minutes) or `BENCH_QUICK=1 make bench` (about 2 minutes of scenarios).\n\n");
        md.append("Scenario status: ").append(b.scenarioStatus).append(", seconds per scenario: ");
        b.scenarioSeconds.forEach((k, v) -> md.append(k).append('=').append(f("%.0f", v)).append(' '));
        md.append("\n");
        return md.toString();
    }

    static double max(Histogram h) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1000.0;
    }

    static void closedTable(Bench b, StringBuilder md, List<LoadResult> runs) {
        md.append("| run | concurrency | throughput req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | calls | outcomes |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (LoadResult r : runs) {
            md.append(f("| %s | %s | %.0f | %s | %s | %s | %s | %s | %d | %s |%n", r.name.substring(0, r.name.lastIndexOf(" c=")),
                    r.name.substring(r.name.lastIndexOf("c=") + 2), r.throughput(), ms(r.ms(50)), ms(r.ms(90)), ms(r.ms(99)), ms(r.ms(99.9)),
                    ms(r.maxMs()), r.total(), r.outcomes));
        }
        if (runs.isEmpty()) {
            md.append("| not run | | | | | | | | | |\n");
        }
        md.append("\n");
    }

    static void comparison(Bench b, StringBuilder md) {
        md.append("## Sync vs async: the original comparison, measured\n\n");
        md.append("| aspect | synchronous (REST / gRPC) | asynchronous (Kafka / RabbitMQ) | measured here |\n|---|---|---|---|\n");
        LoadResult rest1 = find(b.s1, "REST", 1);
        LoadResult grpc1 = find(b.s1, "gRPC", 1);
        LoadResult rest64 = find(b.s1, "REST", 64);
        LoadResult grpc64 = find(b.s1, "gRPC", 64);
        Bench.Delivery k = b.s3.getOrDefault("kafka", Map.of()).get(200);
        Bench.Delivery r = b.s3.getOrDefault("rabbitmq", Map.of()).get(200);
        Map<String, Object> a = castMap(b.s4.get("userServiceDown"));
        Map<String, Object> e = castMap(b.s4.get("emailServiceDown"));
        Map<String, Object> down = castMap(a.get("downAll"));
        Map<String, Object> emailPost = castMap(e.get("postWhileEmailDown"));
        md.append(f("| Coupling | caller needs the callee up, now | producer and consumer only share the broker | user-service down: %s of %s `POST /orders` failed (503); "
                        + "email-service down %.0f s: %s of %s `POST /orders` succeeded, every e-mail sent afterwards (%s/%s) |%n",
                down.isEmpty() ? "n/a" : (Long) down.get("total") - countOf(down, "201"), down.getOrDefault("total", "n/a"), b.emailOutageSeconds,
                emailPost.getOrDefault("ok", "n/a"), emailPost.getOrDefault("total", "n/a"), e.getOrDefault("emailed", "n/a"), e.getOrDefault("orders", "n/a")));
        Bench.Delivery k50 = b.s3.getOrDefault("kafka", Map.of()).get(50);
        Bench.Delivery r50 = b.s3.getOrDefault("rabbitmq", Map.of()).get(50);
        md.append(f("| Response | immediate answer (or error) | eventual; the caller gets no result | lookup p50 at c=1: REST %s ms, gRPC %s ms; "
                        + "order commit → e-mail sent p50 at 50/s: Kafka %s ms, RabbitMQ %s ms; at 200/s: Kafka %s ms, RabbitMQ %s ms |%n",
                rest1 == null ? "n/a" : ms(rest1.ms(50)), grpc1 == null ? "n/a" : ms(grpc1.ms(50)),
                k50 == null ? "n/a" : ms(Bench.pct(k50.commitToHandled, 50)), r50 == null ? "n/a" : ms(Bench.pct(r50.commitToHandled, 50)),
                k == null ? "n/a" : ms(Bench.pct(k.commitToHandled, 50)), r == null ? "n/a" : ms(Bench.pct(r.commitToHandled, 50))));
        Map<String, Object> closed = castMap(a.get("breakerClosed"));
        Map<String, Object> open = castMap(a.get("breakerOpen"));
        md.append(f("| Failure | propagates to the caller; needs timeouts, retries, a breaker | buffered in the broker, retried later | "
                        + "503 while the breaker is closed: p50 %s ms (retries); open: p50 %s ms; normal p50 %s ms. E-mail backlog drained %s s after email-service restart |%n",
                ms(dbl(closed.get("p50ms"))), ms(dbl(open.get("p50ms"))), ms(dbl(castMap(a.get("normal")).get("p50ms"))),
                e.isEmpty() ? "n/a" : f("%.1f", dbl(e.get("backlogDrainedSecondsAfterStart")))));
        md.append(f("| Complexity / cost | a client and a server | a broker, an outbox relay, idempotent consumers, dead letters | "
                        + "throughput at c=64: REST %s req/s, gRPC %s req/s; idle RSS user/order/email: %s MB |%n",
                rest64 == null ? "n/a" : f("%.0f", rest64.throughput()), grpc64 == null ? "n/a" : f("%.0f", grpc64.throughput()),
                String.join(" / ", Services.ALL.stream().map(s -> b.idleUsage.containsKey(s) ? f("%.0f", b.idleUsage.get(s).get("peakRssMb")) : "n/a").toList())));
        md.append("\n");
    }

    static long countOf(Map<String, Object> stats, String outcome) {
        Map<String, Object> o = castMap(stats.get("outcomes"));
        return o.get(outcome) instanceof Number n ? n.longValue() : 0;
    }

    static double dbl(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The report is complete when every section, every chart and the JSON are there. */
    static boolean check(Bench b) {
        try {
            String md = Files.readString(b.out.resolve("report.md"));
            List<String> missing = new ArrayList<>();
            for (String s : SECTIONS) {
                if (!md.contains(s)) {
                    missing.add(s);
                }
            }
            for (String c : List.of("s1-latency.svg", "s1-throughput.svg", "s2-latency.svg", "s2-throughput.svg", "s3-delivery.svg",
                    "s4-user-service-down.svg")) {
                boolean expected = b.only.contains(c.substring(1, 2)) && (!c.startsWith("s4") || !b.s4.isEmpty());
                if (expected && !Files.exists(b.out.resolve(c))) {
                    missing.add(c);
                }
            }
            if (!Files.exists(b.out.resolve("report.json"))) {
                missing.add("report.json");
            }
            if (!missing.isEmpty()) {
                Bench.log("report incomplete, missing: " + missing);
            }
            return missing.isEmpty();
        } catch (Exception e) {
            Bench.log("report check failed: " + e);
            return false;
        }
    }
}
