package dev.microcomm.user.domain;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/** The business rules for users: registration with a unique e-mail, lookup, listing. */
@ApplicationScoped
public class UserDirectory {

    static final String EMAIL_UNIQUE_INDEX = "users_email_lower_key";

    /**
     * Registers a user. The unique index on lower(email) is the real guard: the pre-check only
     * gives the common case a clean answer, the index settles concurrent sign-ups.
     */
    @Transactional
    public User register(String name, String email) {
        if (User.count("lower(email) = lower(?1)", email) > 0) {
            throw new EmailAlreadyTakenException(email);
        }
        User user = User.of(name, email);
        try {
            user.persistAndFlush();
        } catch (PersistenceException e) {
            if (isEmailConflict(e)) {
                throw new EmailAlreadyTakenException(email);
            }
            throw e;
        }
        return user;
    }

    public Optional<User> find(String id) {
        return parse(id).flatMap(uuid -> User.<User>findByIdOptional(uuid));
    }

    public List<User> list(int page, int size) {
        return User.<User>findAll(Sort.by("id")).page(Page.of(page, size)).list();
    }

    /** Ids are UUIDs; anything else cannot name a user. */
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

    private static boolean isEmailConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException cve
                    && EMAIL_UNIQUE_INDEX.equalsIgnoreCase(cve.getConstraintName())) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(EMAIL_UNIQUE_INDEX)) {
                return true;
            }
        }
        return false;
    }
}
