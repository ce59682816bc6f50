package dev.microcomm.bench;

import java.util.List;
import java.util.Locale;

/** Small hand-written SVG line/scatter charts: no chart library needed for a handful of series. */
final class Svg {
    record Point(double x, double y) {
    }

    record Series(String name, List<Point> points) {
    }

    record Tick(double at, String label) {
    }

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    private static final int W = 820;
    private static final int H = 480;
    private static final int L = 80;
    private static final int R = 200;
    private static final int T = 40;
    private static final int B = 60;

    static String chart(String title, String xLabel, String yLabel, List<Series> series, List<Tick> xTicks,
            boolean logY, boolean scatter) {
        double xMin = Double.MAX_VALUE, xMax = -Double.MAX_VALUE, yMin = Double.MAX_VALUE, yMax = -Double.MAX_VALUE;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (!Double.isFinite(p.y()) || (logY && p.y() <= 0)) {
                    continue;
                }
                xMin = Math.min(xMin, p.x());
                xMax = Math.max(xMax, p.x());
                yMin = Math.min(yMin, p.y());
                yMax = Math.max(yMax, p.y());
            }
        }
        for (Tick t : xTicks) {
            xMin = Math.min(xMin, t.at());
            xMax = Math.max(xMax, t.at());
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
        }
        if (yMin > yMax) {
            yMin = 0.1;
            yMax = 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        double y0;
        double y1;
        if (logY) {
            y0 = Math.floor(Math.log10(Math.max(yMin, 1e-3)));
            y1 = Math.ceil(Math.log10(yMax));
            if (y1 <= y0) {
                y1 = y0 + 1;
            }
        } else {
            y0 = 0;
            y1 = niceCeil(yMax);
        }
        final double fx0 = xMin, fx1 = xMax, fy0 = y0, fy1 = y1;
        java.util.function.DoubleUnaryOperator px = x -> L + (x - fx0) / (fx1 - fx0) * (W - L - R);
        java.util.function.DoubleUnaryOperator py = y -> {
            double v = logY ? Math.log10(Math.max(y, 1e-3)) : y;
            return H - B - (v - fy0) / (fy1 - fy0) * (H - T - B);
        };
        StringBuilder sb = new StringBuilder();
        sb.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n", W, H, W, H));
        sb.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H));
        sb.append(f("<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>\n", L, esc(title)));
        // y grid
        if (logY) {
            for (int e = (int) y0; e <= (int) y1; e++) {
                double v = Math.pow(10, e);
                gridY(sb, py.applyAsDouble(v), label(v));
            }
        } else {
            for (int i = 0; i <= 5; i++) {
                double v = y1 * i / 5;
                gridY(sb, py.applyAsDouble(v), label(v));
            }
        }
        for (Tick t : xTicks) {
            double x = px.applyAsDouble(t.at());
            sb.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>\n", x, T, x, H - B));
            sb.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, H - B + 16, esc(t.label())));
        }
        sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n", L, T, W - L - R,
                H - T - B));
        sb.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", L + (W - L - R) / 2, H - 18, esc(xLabel)));
        sb.append(f("<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">%s</text>\n",
                T + (H - T - B) / 2, T + (H - T - B) / 2, esc(yLabel)));
        int i = 0;
        for (Series s : series) {
            String color = COLORS[i % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (Point p : s.points()) {
                if (!Double.isFinite(p.y()) || (logY && p.y() <= 0)) {
                    continue;
                }
                double x = px.applyAsDouble(p.x());
                double y = py.applyAsDouble(p.y());
                if (scatter) {
                    sb.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" fill-opacity=\"0.6\"/>\n", x, y, color));
                } else {
                    path.append(path.length() == 0 ? "M" : "L").append(f("%.1f,%.1f ", x, y));
                }
            }
            if (!scatter && path.length() > 0) {
                sb.append(f("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n", path.toString().strip(), color));
                for (Point p : s.points().size() <= 12 ? s.points() : List.<Point>of()) {
                    if (Double.isFinite(p.y())) {
                        sb.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", px.applyAsDouble(p.x()),
                                py.applyAsDouble(p.y()), color));
                    }
                }
            }
            int ly = T + 10 + i * 18;
            sb.append(f("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", W - R + 12, ly - 10, color));
            sb.append(f("<text x=\"%d\" y=\"%d\">%s</text>\n", W - R + 30, ly, esc(s.name())));
            i++;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static void gridY(StringBuilder sb, double y, String label) {
        sb.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n", L, y, W - R, y));
        sb.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", L - 6, y + 4, esc(label)));
    }

    private static double niceCeil(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String label(double v) {
        if (v >= 100 || v == Math.rint(v)) {
            return f("%.0f", v);
        }
        return v >= 1 ? f("%.1f", v) : f("%.3g", v);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
