package dev.microcomm.email.support;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of the tests that publish {@code order.created} themselves: plain Kafka and RabbitMQ clients,
 * opened once per test class against the brokers the service under test uses, and closed after it.
 */
public abstract class BrokerTest {

    protected static Brokers brokers;

    @BeforeAll
    static void openBrokerClients() {
        brokers = new Brokers(ConfigProvider.getConfig());
    }

    @AfterAll
    static void closeBrokerClients() {
        brokers.close();
    }
}
