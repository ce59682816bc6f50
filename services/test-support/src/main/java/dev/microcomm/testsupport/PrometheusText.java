package dev.microcomm.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the samples of a {@code /q/metrics} page (Prometheus text format), as tests check them. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** Every sample, by series (the name with its labels, as written: {@code name{k="v",...}}), in page order. */
    public static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), value(line.substring(space + 1)));
        }
        return samples;
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels} ({@code k="v"}). */
    public static double sum(String text, String name, String... labels) {
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples(text).entrySet()) {
            if (matches(sample.getKey(), name, labels)) {
                sum += sample.getValue();
            }
        }
        return sum;
    }

    /** The first sample of {@code name} whose labels contain every one of {@code labels}, or NaN when there is none. */
    public static double first(String text, String name, String... labels) {
        for (Map.Entry<String, Double> sample : samples(text).entrySet()) {
            if (matches(sample.getKey(), name, labels)) {
                return sample.getValue();
            }
        }
        return Double.NaN;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static boolean matches(String series, String name, String... labels) {
        if (!series.startsWith(name + "{")) {
            return false;
        }
        for (String label : labels) {
            if (!series.contains(label)) {
                return false;
            }
        }
        return true;
    }
}
