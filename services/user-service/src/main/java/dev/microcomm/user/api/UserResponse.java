package dev.microcomm.user.api;

import dev.microcomm.user.domain.User;

/** A user as the API shows it. */
public record UserResponse(String id, String name, String email) {

    public static UserResponse of(User user) {
        return new UserResponse(user.id.toString(), user.name, user.email);
    }
}
