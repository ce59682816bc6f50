package dev.microcomm.order.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** Body of {@code POST /orders}. {@code amount} is a JSON number: more than 0, at most two decimals. */
public record CreateOrderRequest(
        @NotBlank @Size(max = 200) String userId,
        @NotBlank @Size(max = 200) String productId,
        @NotNull
        @DecimalMin(value = "0", inclusive = false, message = "must be greater than 0")
        @Digits(integer = 17, fraction = 2, message = "must have at most 2 decimals (and at most 17 digits before the point)")
        BigDecimal amount) {
}
