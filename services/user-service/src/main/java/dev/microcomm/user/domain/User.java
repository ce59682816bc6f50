package dev.microcomm.user.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.UuidGenerator;

/**
 * A user. Ids are UUIDv7: time-ordered, so "ordered by id" is also (roughly) creation order,
 * and their text form sorts the same way as the database sorts them.
 */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    @UuidGenerator(style = UuidGenerator.Style.VERSION_7)
    public UUID id;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(nullable = false, length = 320)
    public String email;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static User of(String name, String email) {
        User user = new User();
        user.name = name;
        user.email = email;
        user.createdAt = Instant.now();
        return user;
    }
}
