package dev.microcomm.resterrors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Problem+json for the errors raised below the REST layer, by the HTTP server itself:
 * a body over the size limit (413), a body without a Content-Type (415) and a path no route
 * serves (404).
 */
@ApplicationScoped
public class HttpErrorRoutes {

    private final ObjectMapper mapper;
    private final long maxBodyBytes;

    public HttpErrorRoutes(ObjectMapper mapper,
                           @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void install(@Observes Router router) {
        // Runs before any body is read: a declared Content-Length over the limit is refused at once.
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                write(ctx, 413, "The request body is larger than " + maxBodyBytes + " bytes.");
            } else if (hasBody(ctx, length) && ctx.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
                // Every body this system accepts is JSON, and says so; an undeclared body is not guessed at.
                write(ctx, 415, "Send the request body as application/json (the Content-Type header is missing).");
            } else {
                ctx.next();
            }
        });
        // A chunked body (no Content-Length) can only be measured while it is read. Quarkus' own reader answers
        // a bare 413 then; reading it here under the same limit fails the route instead, and the failure
        // handler below answers problem+json. Within the limit the buffered body is what the REST layer reads.
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.route().order(Integer.MIN_VALUE + 1).handler(ctx -> {
            if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null
                    && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                chunkedBodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        // The HTTP server's own failures (e.g. a chunked body that grows over the limit).
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (status >= 400 && status != 500 && !ctx.response().headWritten()) {
                write(ctx, status, status == 413 ? "The request body is larger than " + maxBodyBytes + " bytes."
                        : Problems.reason(status) + ".");
            } else {
                ctx.next();
            }
        });
        // Nothing else matched.
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx, 404, "No resource at this path."));
    }

    private static boolean hasBody(RoutingContext ctx, String length) {
        if (length != null) {
            return !length.trim().equals("0");
        }
        return ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void write(RoutingContext ctx, int status, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        Problem problem = new Problem(Problem.type(Problems.slugOf(status)), Problems.reason(status), status,
                detail, ctx.normalizedPath(), null);
        try {
            ctx.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem));
        } catch (Exception e) {
            ctx.response().setStatusCode(status).end();
        }
    }
}
