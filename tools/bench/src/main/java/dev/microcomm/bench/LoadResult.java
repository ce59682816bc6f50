package dev.microcomm.bench;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** One measured run: latencies of the successful calls (microseconds) and the outcome of every call. */
final class LoadResult {
    /** Latencies up to one hour, three significant digits. */
    static Histogram newHistogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    final String name;
    final Histogram latencyUs = newHistogram();
    /** Outcome of every call: "200", "201", "503", "UNAVAILABLE", "error:ConnectException", ... */
    final Map<String, Long> outcomes = new TreeMap<>();
    long ok;
    double elapsedSeconds;

    LoadResult(String name) {
        this.name = name;
    }

    synchronized void record(long latencyUs, String outcome, boolean success) {
        outcomes.merge(outcome, 1L, Long::sum);
        if (success) {
            ok++;
            latencyUs = Math.max(1, Math.min(latencyUs, this.latencyUs.getHighestTrackableValue()));
            this.latencyUs.recordValue(latencyUs);
        }
    }

    synchronized long total() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    double throughput() {
        return elapsedSeconds > 0 ? ok / elapsedSeconds : 0;
    }

    double ms(double percentile) {
        return latencyUs.getTotalCount() == 0 ? Double.NaN : latencyUs.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
        return latencyUs.getTotalCount() == 0 ? Double.NaN : latencyUs.getMaxValue() / 1000.0;
    }
}
