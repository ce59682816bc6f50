package dev.microcomm.order.domain;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reading orders. */
@ApplicationScoped
public class OrderQueries {

    public Optional<OrderView> find(String id) {
        return parse(id).flatMap(uuid -> Order.<Order>findByIdOptional(uuid)).map(OrderView::of);
    }

    /** A user's orders, oldest first; ties broken by id so the order is the same on every call. */
    public List<OrderView> byUser(String userId) {
        return Order.<Order>find("userId", Sort.by("createdAt").and("id"), userId).stream()
                .map(OrderView::of).toList();
    }

    private static Optional<UUID> parse(String id) {
        if (id == null || id.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
