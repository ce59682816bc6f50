package dev.microcomm.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Drives HTTP with the non-blocking Vert.x client on one event loop (the load generator shares the two cores
 * with the services, so it is kept as lean as it can be).
 */
final class HttpDriver implements AutoCloseable {

    record Request(HttpMethod method, String path, String jsonBody) {
        static Request get(String path) {
            return new Request(HttpMethod.GET, path, null);
        }

        static Request postJson(String path, String body) {
            return new Request(HttpMethod.POST, path, body);
        }
    }

    record Response(int status, Buffer body) {
    }

    /** Called for each completed call of an open-loop run (on the event loop): keep what you need. */
    interface Sink {
        void accept(long intendedEpochMicros, long latencyUs, Response response);
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final String host;

    HttpDriver(String host) {
        this.host = host;
    }

    private HttpClient client(int port, int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true)
                .setConnectTimeout(5000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    static Future<Response> call(HttpClient client, Request r) {
        RequestOptions options = new RequestOptions().setMethod(r.method()).setURI(r.path()).setTimeout(30_000);
        return client.request(options).compose(req -> {
            if (r.jsonBody() == null) {
                return req.send();
            }
            req.putHeader("Content-Type", "application/json");
            return req.send(Buffer.buffer(r.jsonBody()));
        }).compose(resp -> resp.body().map(body -> new Response(resp.statusCode(), body)));
    }

    /** One call, blocking (setup and polling, not measured). */
    Response once(int port, Request r) throws Exception {
        HttpClient c = client(port, 1);
        try {
            return call(c, r).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            c.close();
        }
    }

    /**
     * Closed loop: {@code concurrency} callers, each sends its next request when the previous answered.
     * Latency = request start to response body read.
     */
    LoadResult closedLoop(String name, int port, int concurrency, double seconds, IntFunction<Request> requests,
            Sink sink, int... successStatuses) throws InterruptedException {
        LoadResult result = new LoadResult(name);
        HttpClient c = client(port, concurrency);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        AtomicLong seq = new AtomicLong();
        AtomicLong lastDone = new AtomicLong(start);
        CountDownLatch callers = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(v -> loop(c, requests, seq, end, result, lastDone, callers, sink, successStatuses));
        }
        if (!callers.await((long) seconds + 60, TimeUnit.SECONDS)) {
            System.out.println("    (some calls did not finish within 60 s after the run)");
        }
        result.elapsedSeconds = (lastDone.get() - start) / 1e9;
        c.close();
        return result;
    }

    private void loop(HttpClient c, IntFunction<Request> requests, AtomicLong seq, long end, LoadResult result,
            AtomicLong lastDone, CountDownLatch callers, Sink sink, int[] successStatuses) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
            callers.countDown();
            return;
        }
        call(c, requests.apply((int) seq.getAndIncrement())).onComplete(ar -> {
            long t1 = System.nanoTime();
            lastDone.accumulateAndGet(t1, Math::max);
            if (ar.succeeded()) {
                int status = ar.result().status();
                result.record((t1 - t0) / 1000, outcome(ar.result()), contains(successStatuses, status));
                if (sink != null) {
                    sink.accept(0, (t1 - t0) / 1000, ar.result());
                }
            } else {
                result.record((t1 - t0) / 1000, "error:" + ar.cause().getClass().getSimpleName(), false);
            }
            loop(c, requests, seq, end, result, lastDone, callers, sink, successStatuses);
        });
    }

    /**
     * Open loop at a fixed arrival rate: request i is due at start + i/rate whatever happened to the others.
     * Latency is measured from that intended time, so a stalled server (or client) shows up as latency instead
     * of silently lowering the rate: the coordinated-omission correction wrk2 and HdrHistogram describe.
     */
    LoadResult openLoop(String name, int port, double ratePerSecond, double seconds, IntFunction<Request> requests,
            Sink sink, int... successStatuses) throws InterruptedException {
        LoadResult result = new LoadResult(name);
        HttpClient c = client(port, 512);
        long count = Math.round(ratePerSecond * seconds);
        long periodNanos = (long) (1e9 / ratePerSecond);
        long startNanos = System.nanoTime();
        long startEpochMicros = System.currentTimeMillis() * 1000;
        CountDownLatch done = new CountDownLatch((int) count);
        AtomicLong lastDone = new AtomicLong(startNanos);
        for (int i = 0; i < count; i++) {
            long intended = startNanos + i * periodNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long intendedEpochMicros = startEpochMicros + (intended - startNanos) / 1000;
            Request r = requests.apply(i);
            vertx.runOnContext(v -> call(c, r).onComplete(ar -> {
                long t1 = System.nanoTime();
                lastDone.accumulateAndGet(t1, Math::max);
                if (ar.succeeded()) {
                    int status = ar.result().status();
                    boolean success = contains(successStatuses, status);
                    result.record((t1 - intended) / 1000, outcome(ar.result()), success);
                    if (sink != null) {
                        sink.accept(intendedEpochMicros, (t1 - intended) / 1000, ar.result());
                    }
                } else {
                    result.record((t1 - intended) / 1000, "error:" + ar.cause().getClass().getSimpleName(), false);
                }
                done.countDown();
            }));
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            System.out.println("    (some calls did not finish within 60 s after the run)");
        }
        result.elapsedSeconds = Math.max(seconds, (lastDone.get() - startNanos) / 1e9);
        c.close();
        return result;
    }

    /** Many independent GETs with bounded concurrency (polling, not measured). */
    CompletableFuture<Void> forEach(int port, int concurrency, java.util.List<String> paths,
            java.util.function.BiConsumer<String, Response> onResponse) {
        HttpClient c = client(port, concurrency);
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicLong next = new AtomicLong();
        AtomicLong remaining = new AtomicLong(paths.size());
        if (paths.isEmpty()) {
            c.close();
            all.complete(null);
            return all;
        }
        AtomicBoolean failed = new AtomicBoolean();
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            int i = (int) next.getAndIncrement();
            if (i >= paths.size()) {
                return;
            }
            String path = paths.get(i);
            call(c, Request.get(path)).onComplete(ar -> {
                if (ar.succeeded()) {
                    onResponse.accept(path, ar.result());
                } else {
                    failed.set(true);
                }
                if (remaining.decrementAndGet() == 0) {
                    c.close();
                    all.complete(null);
                } else {
                    pump[0].run();
                }
            });
        };
        for (int i = 0; i < concurrency; i++) {
            vertx.runOnContext(v -> pump[0].run());
        }
        return all;
    }

    /** The outcome as counted in the report: the status, and for a 503 which guard answered. */
    static String outcome(Response r) {
        if (r.status() != 503) {
            return Integer.toString(r.status());
        }
        String body = r.body().toString();
        if (body.contains("circuit open")) {
            return "503 circuit open";
        }
        if (body.contains("Too many user checks")) {
            return "503 bulkhead full";
        }
        if (body.contains("did not answer in time")) {
            return "503 timeout";
        }
        return "503";
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
