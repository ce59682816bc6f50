package dev.microcomm.resterrors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that can leave a REST resource into problem+json, so that no client
 * ever sees a stack trace or an HTML page. User mappers take precedence over Quarkus' built-in
 * ones for the same exception type.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder builder = Problems.builder(e.status(), e.slug(), e.title(), e.getMessage(),
                uri.getPath(), e.violations());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public Response beanValidation(ResteasyReactiveViolationException e, UriInfo uri) {
        if (isReturnValueViolation(e)) {
            LOG.error("Response failed validation", e);
            return Problems.response(500, "internal", "Internal Server Error",
                    "The server could not produce a valid answer.", uri.getPath());
        }
        return constraintViolations(e, uri);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; "));
        return Problems.builder(400, "validation", "Invalid request", detail, uri.getPath(), violations).build();
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        String field = jsonPath(e);
        return Problems.builder(400, "validation", "Invalid request",
                "Unknown field '" + field + "'.", uri.getPath(),
                List.of(new Problem.Violation(field, "unknown field"))).build();
    }

    /** Registered for the exact type so that it wins over Quarkus' built-in mapper for it. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return wrongType(e, uri);
    }

    @ServerExceptionMapper
    public Response wrongType(JsonMappingException e, UriInfo uri) {
        String field = jsonPath(e);
        if (field.isEmpty()) {
            return Problems.response(400, "malformed-json", "Malformed JSON",
                    "The request body is not the JSON object this endpoint expects.", uri.getPath());
        }
        return Problems.builder(400, "validation", "Invalid request",
                "Field '" + field + "' has the wrong type or format.", uri.getPath(),
                List.of(new Problem.Violation(field, "wrong type or format"))).build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return Problems.response(400, "malformed-json", "Malformed JSON",
                "The request body is not well-formed JSON (UTF-8).", uri.getPath());
    }

    @ServerExceptionMapper
    public Response otherJackson(JacksonException e, UriInfo uri) {
        return malformedJson(null, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original.getStatus();
        // The JSON reader wraps parse errors (malformed JSON, invalid UTF-8) in a plain 400.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonMappingException mapping) {
                return wrongType(mapping, uri);
            }
            if (cause instanceof JacksonException) {
                return malformedJson(null, uri);
            }
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Response.ResponseBuilder builder = Problems.builder(status, Problems.slugOf(status),
                Problems.reason(status), detailOf(e, status), uri.getPath(), null);
        // Keep the headers the framework set for a reason (Allow on 405, Retry-After …).
        for (Map.Entry<String, List<Object>> h : original.getHeaders().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Content-Type") && !h.getKey().equalsIgnoreCase("Content-Length")) {
                h.getValue().forEach(v -> builder.header(h.getKey(), v));
            }
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("Unexpected failure", e);
        return Problems.response(500, "internal", "Internal Server Error",
                "The server failed to handle the request; it has been logged.", uri.getPath());
    }

    private static boolean isReturnValueViolation(ConstraintViolationException e) {
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String detailOf(WebApplicationException e, int status) {
        return switch (status) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed on this path.";
            case 406 -> "This resource cannot produce the requested media type.";
            case 413 -> "The request body is larger than this endpoint accepts.";
            case 415 -> "Send the request body as application/json.";
            default -> status >= 500 ? "The server failed to handle the request." : e.getMessage();
        };
    }

    /** The offending field as a dotted path ({@code items[0].name}); empty for the root. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Drops the method and parameter nodes of a method-validation path: {@code create.body.email} → {@code email}. */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (kind == ElementKind.PARAMETER || kind == ElementKind.RETURN_VALUE) {
                names.add(node.getName());
                continue;
            }
            if (kind == ElementKind.PROPERTY || kind == ElementKind.CONTAINER_ELEMENT || kind == ElementKind.BEAN) {
                if (!names.isEmpty() && isParameterNode(violation, names.size())) {
                    names.clear(); // the parameter's own name says nothing to the client
                }
                if (node.getName() != null) {
                    names.add(node.getName());
                }
            }
        }
        return names.isEmpty() ? "body" : String.join(".", names);
    }

    private static boolean isParameterNode(ConstraintViolation<?> violation, int index) {
        int i = 0;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (++i == index) {
                return node.getKind() == ElementKind.PARAMETER;
            }
        }
        return false;
    }
}
