package dev.microcomm.order.support;

import dev.microcomm.testsupport.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Puts a {@link TcpProxy} between order-service's publishers and the real brokers, so a test
 * can take a broker "down" for order-service alone. Only the publishers go through the proxies; the
 * global broker settings (which the tests' own clients read) still point at the real brokers.
 *
 * <p>Kafka clients connect to the address the broker advertises after the first metadata call, which
 * bypasses a proxy; so the Kafka proxy starts cut (Kafka is down from the start) and once restored,
 * the producer reaches the real broker. RabbitMQ connects through its proxy and can be cut any time.
 */
public class BrokerProxiesResource implements QuarkusTestResourceLifecycleManager {

    private TcpProxy kafka;
    private TcpProxy rabbit;

    @Override
    public Map<String, String> start() {
        var config = ConfigProvider.getConfig();
        String bootstrap = config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("127.0.0.1:9092");
        String kafkaHost = bootstrap.split(",")[0].split(":")[0];
        int kafkaPort = Integer.parseInt(bootstrap.split(",")[0].split(":")[1]);
        String rabbitHost = config.getOptionalValue("rabbitmq-host", String.class).orElse("127.0.0.1");
        int rabbitPort = config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672);
        try {
            kafka = new TcpProxy(kafkaHost, kafkaPort, false);
            rabbit = new TcpProxy(rabbitHost, rabbitPort, true);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the broker proxies", e);
        }
        return Map.of(
                "mp.messaging.outgoing.order-created-kafka.bootstrap.servers", "127.0.0.1:" + kafka.port(),
                "order.events.rabbitmq.host", "127.0.0.1",
                "order.events.rabbitmq.port", String.valueOf(rabbit.port()));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(new BrokerProxies(kafka, rabbit),
                new TestInjector.MatchesType(BrokerProxies.class));
    }

    @Override
    public void stop() {
        try {
            kafka.close();
            rabbit.close();
        } catch (Exception ignored) {
            // test JVM ends anyway
        }
    }

    /** The two proxies, for the test to cut and restore. */
    public record BrokerProxies(TcpProxy kafka, TcpProxy rabbit) {
    }
}
