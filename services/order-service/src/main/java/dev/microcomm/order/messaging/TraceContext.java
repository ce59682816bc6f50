package dev.microcomm.order.messaging;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;

/** The W3C trace context of the current request, captured so that events carry the request's trace. */
public final class TraceContext {

    public static final String TRACEPARENT = "traceparent";

    private TraceContext() {
    }

    /** The {@code traceparent} of the current span, or null outside of any trace. */
    public static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }
}
