package dev.microcomm.user.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;

/** Body of {@code POST /users}. Name length counts characters (code points), not UTF-16 units. */
public record CreateUserRequest(
        @NotBlank @CodePointLength(min = 1, max = 200) String name,
        @NotBlank @Size(max = 254) @Email
        @Pattern(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "must be a well-formed email address")
        String email) {
}
