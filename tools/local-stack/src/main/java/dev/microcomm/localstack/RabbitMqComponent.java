package dev.microcomm.localstack;

import java.util.List;

/** The machine's RabbitMQ when it answers; otherwise Apache Qpid Broker-J speaking AMQP 0-9-1 ({@link AmqpBrokerMain}). */
public final class RabbitMqComponent extends Component {

    public RabbitMqComponent(StackConfig config) {
        super(config, "rabbitmq");
    }

    @Override
    public String address() {
        return config.amqpHost + ":" + config.amqpPort;
    }

    @Override
    public boolean answers() {
        return Ports.answers(config.amqpHost, config.amqpPort);
    }

    @Override
    public String keptOnStop() {
        return "queues and messages are gone: the fallback broker keeps them in memory";
    }

    @Override
    protected List<String> jvmArguments() {
        return List.of("-Xmx256m", "-cp", launcherClasspath(), AmqpBrokerMain.class.getName(),
                config.amqpHost, Integer.toString(config.amqpPort), dataDir().toString());
        // credentials reach the broker through the inherited AMQP_USER / AMQP_PASSWORD env vars, not the command line
    }
}
