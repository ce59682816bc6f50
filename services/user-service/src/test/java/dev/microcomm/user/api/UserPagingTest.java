package dev.microcomm.user.api;

import static dev.microcomm.user.api.UserRestTest.assertProblem;
import static dev.microcomm.user.api.UserRestTest.createUser;
import static dev.microcomm.user.api.UserRestTest.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /users?page&size}: order, bounds, defaults. */
@QuarkusTest
class UserPagingTest {

    static boolean seeded;

    @BeforeEach
    void enoughUsers() {
        if (seeded) {
            return;
        }
        seeded = true;
        // Other tests add users too; make sure there are more than two default pages' worth.
        for (int i = 0; i < 45; i++) {
            createUser("Pager " + i, uniqueEmail("pager" + i));
        }
    }

    static List<String> ids(String query) {
        return given().get("/users" + query).then().statusCode(200).extract().jsonPath().getList("id", String.class);
    }

    @Test
    void defaultsArePageZeroSizeTwenty() {
        assertThat(ids("")).hasSize(20).isEqualTo(ids("?page=0&size=20"));
    }

    @Test
    void orderedByIdAndStableAcrossCalls() {
        List<String> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<String> ids = ids("?page=" + page + "&size=7");
            if (ids.isEmpty()) {
                break;
            }
            all.addAll(ids);
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(45).doesNotHaveDuplicates().isSorted();
        assertThat(ids("?page=0&size=100")).isEqualTo(ids("?page=0&size=100"));
        assertThat(ids("?page=1&size=5")).isEqualTo(all.subList(5, 10));
    }

    @Test
    void pagePastTheEndIsEmpty() {
        assertThat(ids("?page=100000&size=100")).isEmpty();
    }

    @Test
    void sizeBoundsAreEnforcedNotClamped() {
        assertThat(ids("?size=1")).hasSize(1);
        assertThat(ids("?size=100")).hasSizeLessThanOrEqualTo(100).hasSizeGreaterThanOrEqualTo(45);
        for (String bad : List.of("?size=0", "?size=101", "?size=-1")) {
            assertProblem(given().get("/users" + bad), 400)
                    .body("violations.field", hasItem(matchesPattern("(.*\\.)?size")));
        }
        assertProblem(given().get("/users?page=-1"), 400)
                .body("violations.field", hasItem(matchesPattern("(.*\\.)?page")));
    }

    @Test
    void nonNumericParametersAre400Not404() {
        assertProblem(given().get("/users?page=abc"), 400)
                .body("violations.field", hasItem(matchesPattern("(.*\\.)?page")));
        assertProblem(given().get("/users?size=ten"), 400)
                .body("violations.field", hasItem(matchesPattern("(.*\\.)?size")));
        assertProblem(given().get("/users?page=1.5"), 400);
        assertProblem(given().get("/users?size=99999999999999999999"), 400);
    }
}
