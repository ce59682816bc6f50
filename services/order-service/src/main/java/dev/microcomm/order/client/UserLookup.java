package dev.microcomm.order.client;

import io.smallrye.mutiny.Uni;

/**
 * Asks user-service whether a user exists. "Unknown" is an answer, not a failure; failures are
 * {@link UserServiceUnavailableException} (transient: worth a retry) or {@link UserServiceRejectedException}.
 */
public interface UserLookup {

    Uni<UserExistence> check(String userId);
}
