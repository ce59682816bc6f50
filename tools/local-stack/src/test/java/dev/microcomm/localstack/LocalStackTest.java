package dev.microcomm.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions the launcher takes before any server process exists. */
class LocalStackTest {

    @TempDir
    Path stateDir;

    @Test
    void defaultsAreTheDocumentedAddresses() {
        StackConfig config = StackConfig.of(Map.of(), stateDir);

        assertEquals(9092, config.kafkaPort);
        assertEquals(9093, config.kafkaControllerPort);
        assertEquals(3025, config.smtpPort);
        assertEquals(3080, config.smtpHttpPort);
        assertEquals(5432, config.pgPort);
        assertEquals(5672, config.amqpPort);
        assertEquals(stateDir.resolve(".local"), config.stateDir);
    }

    @Test
    void envVarsMoveEveryAddressAndAMalformedOneIsRejectedWithItsName() {
        StackConfig config = StackConfig.of(Map.of("KAFKA_PORT", "19092", "PG_PORT", "15432", "AMQP_PORT", "15672"), stateDir);
        assertEquals(19092, config.kafkaPort);
        assertEquals(19093, config.kafkaControllerPort, "controller follows the broker port unless set");
        assertEquals(15432, config.pgPort);
        assertEquals(15672, config.amqpPort);

        StackException e = assertThrows(StackException.class, () -> StackConfig.of(Map.of("SMTP_PORT", "70000"), stateDir));
        assertTrue(e.getMessage().contains("SMTP_PORT=70000"), e.getMessage());
    }

    @Test
    void kafkaIsNotStartedWhenItsControllerPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
                ServerSocket free = new ServerSocket(0)) {
            int brokerPort = free.getLocalPort();
            free.close();
            LocalStack stack = new LocalStack(StackConfig.of(Map.of("STACK_HOME", stateDir.toString(),
                    "KAFKA_PORT", Integer.toString(brokerPort),
                    "KAFKA_CONTROLLER_PORT", Integer.toString(taken.getLocalPort())), stateDir));
            Component kafka = stack.component("kafka");

            StackException e = assertThrows(StackException.class, () -> stack.startOne(kafka));

            assertTrue(e.getMessage().contains("KAFKA_CONTROLLER_PORT"), e.getMessage());
            assertFalse(Files.exists(kafka.pidFile()), "nothing was started");
        }
    }

    @Test
    void stoppingWhatNobodyRunsIsANoOp() {
        LocalStack stack = new LocalStack(StackConfig.of(Map.of("STACK_HOME", stateDir.toString(),
                "KAFKA_PORT", "1", "SMTP_PORT", "2", "PG_PORT", "3", "AMQP_PORT", "4"), stateDir));

        assertEquals(0, stack.stopOne(stack.component("kafka")));
        assertEquals(0, stack.down());
    }
}
