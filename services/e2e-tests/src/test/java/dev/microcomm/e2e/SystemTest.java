package dev.microcomm.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of every end-to-end test: the shared running system, in its default configuration before and after. */
abstract class SystemTest {

    static E2eSystem sys;

    @BeforeAll
    static void system() {
        sys = E2eSystem.get();
        sys.ensureDefaults();
    }

    @AfterAll
    static void restoreDefaults() {
        sys.ensureDefaults();
    }
}
