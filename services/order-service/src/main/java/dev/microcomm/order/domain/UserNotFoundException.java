package dev.microcomm.order.domain;

/** user-service says the user does not exist. */
public class UserNotFoundException extends RuntimeException {

    public UserNotFoundException(String userId) {
        super("No user with id '" + userId + "'.", null, false, false);
    }
}
