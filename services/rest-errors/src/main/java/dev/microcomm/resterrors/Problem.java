package dev.microcomm.resterrors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * An RFC 9457 problem document: the body of every 4xx/5xx answer of every REST API.
 * {@code violations} is present only on validation failures.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem types are URNs: stable identifiers that do not pretend to be resolvable pages. */
    public static String type(String slug) {
        return "urn:microcomm:problem:" + slug;
    }

    @RegisterForReflection
    public record Violation(String field, String message) {
    }
}
